using Gateway.Firmware.Core.Gnss;
using nanoFramework.TestFramework;

namespace Gateway.Firmware.Core.Tests.Portable.Gnss
{
    [TestClass]
    public class GnssConstellationsTests
    {
        [TestMethod]
        public void Text_names_systems_in_bit_order_joined_by_plus()
        {
            Assert.AreEqual("GPS", GnssConstellations.ToText(GnssConstellation.Gps));
            Assert.AreEqual("BDS", GnssConstellations.ToText(GnssConstellation.BeiDou), "BeiDou is BDS");
            Assert.AreEqual("GPS+BDS", GnssConstellations.ToText(GnssConstellation.BeiDou | GnssConstellation.Gps));
            Assert.AreEqual("GPS+GLONASS+Galileo+BDS+QZSS+NavIC", GnssConstellations.ToText(GnssConstellations.All));
            Assert.AreEqual("none", GnssConstellations.ToText(GnssConstellation.None));
            Assert.AreEqual("GLONASS", GnssConstellations.ToText((GnssConstellation)(128 | 2)), "undefined bits ignored");
        }

        [TestMethod]
        public void Text_is_shared_not_rebuilt_per_call()
        {
            GnssConstellation set = GnssConstellation.Gps | GnssConstellation.Galileo;
            Assert.IsTrue(object.ReferenceEquals(GnssConstellations.ToText(set), GnssConstellations.ToText(set)), "string");
            Assert.IsTrue(object.ReferenceEquals(GnssConstellations.ToUtf8(set), GnssConstellations.ToUtf8(set)), "bytes");
            byte[] utf8 = GnssConstellations.ToUtf8(set);
            Assert.AreEqual(11L, (long)utf8.Length, "GPS+Galileo");
            Assert.AreEqual((long)'+', (long)utf8[3]);
        }

        [TestMethod]
        public void Every_set_round_trips_through_its_text()
        {
            for (int bits = 0; bits <= (int)GnssConstellations.All; bits++)
            {
                GnssConstellation set = (GnssConstellation)bits;
                GnssConstellation parsed;
                Assert.IsTrue(GnssConstellations.TryParse(GnssConstellations.ToText(set), out parsed), GnssConstellations.ToText(set));
                Assert.AreEqual((long)bits, (long)parsed, GnssConstellations.ToText(set));
            }
        }

        [TestMethod]
        public void Parse_accepts_any_order_and_letter_case()
        {
            GnssConstellation set;
            Assert.IsTrue(GnssConstellations.TryParse("bds+gps", out set));
            Assert.AreEqual((long)(GnssConstellation.Gps | GnssConstellation.BeiDou), (long)set);
            Assert.IsTrue(GnssConstellations.TryParse("NONE", out set));
            Assert.AreEqual((long)GnssConstellation.None, (long)set);
        }

        [TestMethod]
        public void Parse_rejects_unknown_empty_and_repeated_names()
        {
            string?[] bad = new string?[] { null, "", "BeiDou", "GPS+", "+GPS", "GPS++BDS", "GPS+GPS", "GPS BDS", "GPS,BDS", " GPS" };
            for (int i = 0; i < bad.Length; i++)
            {
                GnssConstellation set;
                Assert.IsFalse(GnssConstellations.TryParse(bad[i], out set), "\"" + bad[i] + "\"");
                Assert.AreEqual((long)GnssConstellation.None, (long)set, "nothing returned for \"" + bad[i] + "\"");
            }
        }
    }
}
