using System;
using Gateway.Simulation.Logistics;
using Xunit;
using static Gateway.Simulation.Tests.Logistics.TruckTestKit;

namespace Gateway.Simulation.Tests.Logistics
{
    public class TruckModelTests
    {
        [Fact]
        public void Truck_drives_the_route_at_plausible_speeds_for_each_kind_of_road()
        {
            TruckModel truck = Truck("sjz-beijing", January15);
            Route route = truck.Route;
            double highwayMax = 0;
            double cityMax = 0;
            double highwaySum = 0;
            int highwaySeconds = 0;
            long t = January15;
            while (truck.TripsCompleted == 0 && t < January15 + 8 * Hour)
            {
                t += 1000;
                truck.AdvanceTo(t);
                Assert.True(route.DistanceFromRouteM(truck.LatitudeDeg, truck.LongitudeDeg) < 1, "the truck left the road at " + t);
                if (truck.Activity != TruckActivity.Driving)
                {
                    continue;
                }
                if (truck.Road == RoadKind.Highway)
                {
                    highwayMax = Math.Max(highwayMax, truck.SpeedMps);
                    highwaySum += truck.SpeedMps;
                    highwaySeconds++;
                }
                else if (truck.Road == RoadKind.City)
                {
                    cityMax = Math.Max(cityMax, truck.SpeedMps);
                }
            }
            Assert.Equal(1, truck.TripsCompleted);
            Assert.InRange((t - January15) / (double)Hour, 3.0, 6.0);
            Assert.InRange(truck.OdometerM / 1000, route.LengthM / 1000 - 1, route.LengthM / 1000 + 1);
            Assert.InRange(highwayMax * 3.6, 80, 100.5);
            Assert.InRange(highwaySum / highwaySeconds * 3.6, 70, 100);
            Assert.InRange(cityMax * 3.6, 25, 50.5);
        }

        [Fact]
        public void Truck_stops_with_the_door_open_to_load_and_deliver_and_shuttles_back()
        {
            TruckModel truck = Truck("bd-xiongan", January15, departureDelayMs: 10 * Minute);
            bool doorOpenAtOrigin = false;
            bool doorOpenAtDestination = false;
            bool outboundSeen = false;
            for (long t = January15; t < January15 + 5 * Hour; t += 1000)
            {
                truck.AdvanceTo(t);
                if (truck.DoorOpen)
                {
                    Assert.Equal(TruckActivity.Stopped, truck.Activity);
                    Assert.Equal(0, truck.SpeedMps);
                    doorOpenAtOrigin |= truck.StoppedAt == "Baoding distribution centre";
                    doorOpenAtDestination |= truck.StoppedAt == "Xiong'an Rongdong district";
                }
                outboundSeen |= truck.Activity == TruckActivity.Driving && truck.Outbound;
            }
            Assert.True(doorOpenAtOrigin && doorOpenAtDestination && outboundSeen);
            Assert.True(truck.TripsCompleted >= 2, "trips " + truck.TripsCompleted);
        }

        [Fact]
        public void Reefer_keeps_the_cargo_between_2_and_8_C_in_summer_and_in_winter()
        {
            foreach (long start in new[] { January15, July15 })
            {
                TruckModel truck = Truck("sjz-beijing", start);
                for (long t = start; t < start + 12 * Hour; t += 10000)
                {
                    truck.AdvanceTo(t);
                    Assert.InRange(truck.CargoTemperatureC, 2.0, 8.0);
                }
            }
        }

        [Fact]
        public void Cooling_failure_makes_the_cargo_leave_the_2_to_8_C_band_on_a_summer_day()
        {
            TruckModel truck = Truck("sjz-beijing", July15 + 2 * Hour);
            long failure = July15 + 4 * Hour;
            truck.AdvanceTo(failure);
            Assert.InRange(truck.CargoTemperatureC, 2.0, 8.0);

            truck.SetCoolingFailed(true);
            long left = 0;
            for (long t = failure; t < failure + 4 * Hour && left == 0; t += Minute)
            {
                truck.AdvanceTo(t);
                if (truck.CargoTemperatureC > 8)
                {
                    left = t;
                }
            }
            Assert.True(left > 0, "cargo at " + truck.CargoTemperatureC + " C after 4 h without cooling (ambient " + truck.AmbientTemperatureC + " C)");
            Assert.InRange((left - failure) / (double)Minute, 10, 150);
            Assert.False(truck.CompressorOn);

            truck.SetCoolingFailed(false);
            truck.AdvanceTo(left + 3 * Hour);
            Assert.InRange(truck.CargoTemperatureC, 2.0, 8.0);
        }

        [Fact]
        public void Door_opened_in_transit_is_open_while_the_truck_moves()
        {
            TruckModel truck = Truck("sjz-beijing", January15);
            truck.AdvanceTo(January15 + 2 * Hour);
            Assert.Equal(TruckActivity.Driving, truck.Activity);
            Assert.False(truck.DoorOpen);

            truck.OpenDoorFor(3 * Minute);
            truck.AdvanceTo(January15 + 2 * Hour + Minute);
            Assert.True(truck.DoorOpen);
            Assert.True(truck.SpeedMps > 1.5);
            truck.AdvanceTo(January15 + 2 * Hour + 4 * Minute);
            Assert.False(truck.DoorOpen);
        }

        [Fact]
        public void Drop_gives_a_shock_above_the_alarm_limit_and_leaves_the_tracker_tilted()
        {
            TruckModel truck = Truck("sjz-beijing", January15);
            truck.AdvanceTo(January15 + Hour);
            double ordinary = truck.TakePeakAccelerationMps2();
            Assert.InRange(ordinary, 9.8, 4.5 * TruckModel.StandardGravity);
            Assert.True(truck.TiltDeg < 15, "tilt " + truck.TiltDeg);

            truck.Drop(8, 60);
            Assert.InRange(truck.TakePeakAccelerationMps2(), 7.9 * TruckModel.StandardGravity, 8.1 * TruckModel.StandardGravity);
            truck.AdvanceTo(January15 + Hour + Minute);
            Assert.True(truck.TiltDeg > 50, "tilt " + truck.TiltDeg);
        }

        [Fact]
        public void Town_streets_shake_the_cargo_with_potholes_now_and_then()
        {
            TruckModel truck = Truck("sjz-beijing", January15);
            truck.AdvanceTo(January15 + 24 * Hour);
            Assert.True(truck.Shocks > 3, "shocks " + truck.Shocks);
        }

        [Fact]
        public void Tracker_battery_drains_over_the_day()
        {
            TruckModel truck = Truck("hd-sjz", January15);
            double start = truck.BatteryVoltage;
            truck.AdvanceTo(January15 + 24 * Hour);
            Assert.InRange(start, 4.1, 4.15);
            Assert.InRange(truck.BatteryVoltage, 3.7, start - 0.1);
        }

        [Fact]
        public void Same_seed_drives_the_same_trip()
        {
            TruckModel a = Truck("zjk-beijing", January15, seed: 8);
            TruckModel b = Truck("zjk-beijing", January15, seed: 8);
            TruckModel c = Truck("zjk-beijing", January15, seed: 9);
            bool differs = false;
            for (long t = January15; t < January15 + 3 * Hour; t += 7000)
            {
                a.AdvanceTo(t);
                b.AdvanceTo(t);
                c.AdvanceTo(t);
                Assert.Equal(a.LatitudeDeg, b.LatitudeDeg);
                Assert.Equal(a.SpeedMps, b.SpeedMps);
                Assert.Equal(a.CargoTemperatureC, b.CargoTemperatureC);
                differs |= a.LatitudeDeg != c.LatitudeDeg;
            }
            Assert.True(differs);
        }
    }
}
