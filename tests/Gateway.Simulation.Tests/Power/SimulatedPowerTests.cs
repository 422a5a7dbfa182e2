using Gateway.Firmware.Core.Platform;
using Gateway.Simulation.Board;
using Gateway.Simulation.Power;
using Gateway.Simulation.Randomness;
using Xunit;

namespace Gateway.Simulation.Tests.Power
{
    public class SimulatedPowerTests
    {
        [Fact]
        public void Sleep_and_reboot_requests_wait_for_the_runtime_once()
        {
            SimulatedPower power = new SimulatedPower(ResetCause.PowerOn);
            power.RequestSleep(60000);

            Assert.Equal(PowerRequest.Sleep, power.TakePending(out long sleepMs));
            Assert.Equal(60000, sleepMs);
            Assert.Equal(PowerRequest.None, power.TakePending(out _));

            power.RequestReboot();
            Assert.Equal(PowerRequest.Reboot, power.Pending);
            power.OnBoot(ResetCause.Requested);
            Assert.Equal(ResetCause.Requested, power.LastResetCause);
            Assert.Equal(PowerRequest.None, power.Pending);
            Assert.Equal(1, power.SleepRequests);
            Assert.Equal(1, power.RebootRequests);
        }

        [Fact]
        public void Indicator_remembers_the_code_and_counts_changes()
        {
            SimulatedIndicator led = new SimulatedIndicator();
            led.Show(IndicatorCode.NoNetwork);
            led.Show(IndicatorCode.NoNetwork);
            led.Show(IndicatorCode.Ok);

            Assert.Equal(IndicatorCode.Ok, led.Current);
            Assert.Equal(2, led.Changes);
            Assert.Equal(2, led.TimesShown(IndicatorCode.NoNetwork));
        }

        [Fact]
        public void Free_memory_varies_a_little_and_drops_under_pressure()
        {
            SimulatedHealth health = new SimulatedHealth(SimulatedHealth.TypicalFreeBytes, new SimRandom(1));
            long free = health.FreeMemoryBytes;
            Assert.InRange(free, SimulatedHealth.TypicalFreeBytes - 4096, SimulatedHealth.TypicalFreeBytes);

            health.SetPressureBytes(90 * 1024);
            Assert.InRange(health.FreeMemoryBytes, 0, 6 * 1024);
        }
    }
}
