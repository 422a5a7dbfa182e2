using Gateway.Firmware.Core.Readings;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable
{
    [TestClass]
    public class MetricCatalogTests
    {
        [TestMethod]
        public void Every_metric_has_a_unique_senml_name()
        {
            MetricId[] all = MetricCatalog.All;
            for (int i = 0; i < all.Length; i++)
            {
                Assert.IsTrue(MetricCatalog.Name(all[i]).Length > 0, "metric " + (int)all[i]);
                for (int j = i + 1; j < all.Length; j++)
                {
                    Assert.AreNotEqual(MetricCatalog.Name(all[i]), MetricCatalog.Name(all[j]));
                }
                MetricId found;
                Assert.IsTrue(MetricCatalog.TryFindByName(MetricCatalog.Name(all[i]), out found));
                Assert.AreEqual((long)all[i], (long)found);
            }
        }

        [TestMethod]
        public void Values_outside_the_physical_range_or_not_finite_are_implausible()
        {
            Assert.IsTrue(MetricCatalog.IsPlausible(MetricId.Pm2_5, 75));
            Assert.IsFalse(MetricCatalog.IsPlausible(MetricId.Pm2_5, -1));
            Assert.IsFalse(MetricCatalog.IsPlausible(MetricId.RelativeHumidity, 100.5));
            Assert.IsFalse(MetricCatalog.IsPlausible(MetricId.Temperature, double.NaN));
            Assert.IsFalse(MetricCatalog.IsPlausible(MetricId.Temperature, double.PositiveInfinity));
            Assert.IsFalse(MetricCatalog.IsPlausible(MetricId.None, 1));
        }
    }
}
