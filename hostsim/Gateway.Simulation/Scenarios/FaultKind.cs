namespace Gateway.Simulation.Scenarios
{
    /// <summary>Faults a scenario can inject. The JSON name of each is given in its summary.</summary>
    public enum FaultKind
    {
        /// <summary><c>linkDrop</c>: the node's Wi-Fi/cellular link goes down for <c>duration</c>.</summary>
        LinkDrop = 0,
        /// <summary><c>powerLoss</c>: power is cut in the middle of the node's next flash write (after <c>cutAfterBytes</c> bytes); it boots again after <c>offFor</c>. Carried out by the runtime.</summary>
        PowerLoss = 1,
        /// <summary><c>sensorStuck</c>: the named sensor repeats its last values for <c>duration</c>.</summary>
        SensorStuck = 2,
        /// <summary><c>sensorFail</c>: the named sensor stops answering for <c>duration</c>.</summary>
        SensorFail = 3,
        /// <summary><c>sensorSpike</c>: the named sensor returns occasional wild values for <c>duration</c>.</summary>
        SensorSpike = 4,
        /// <summary><c>coolingFailure</c>: a truck's reefer unit fails for <c>duration</c>; the cargo drifts towards the outside temperature.</summary>
        CoolingFailure = 5,
        /// <summary><c>doorOpenInTransit</c>: a truck's cargo door opens for <c>duration</c>, whether it is moving or not.</summary>
        DoorOpenInTransit = 6,
        /// <summary><c>drop</c>: a tracker is dropped or struck: a shock of <c>peakG</c>, leaving it tilted by <c>tilt</c> degrees.</summary>
        Drop = 7,
        /// <summary><c>clockJump</c>: the node's wall clock jumps by <c>offset</c> (negative: backwards).</summary>
        ClockJump = 8,
        /// <summary><c>brokerRestart</c>: the MQTT broker stops for <c>duration</c> and starts again (whole fleet; carried out by the runtime).</summary>
        BrokerRestart = 9,
    }

    /// <summary>JSON names of <see cref="FaultKind"/> values.</summary>
    public static class FaultKinds
    {
        private static readonly string[] s_names = new string[]
        {
            "linkDrop", "powerLoss", "sensorStuck", "sensorFail", "sensorSpike", "coolingFailure", "doorOpenInTransit", "drop",
            "clockJump", "brokerRestart",
        };

        /// <summary>The accepted names, comma-separated.</summary>
        public static string Accepted => string.Join(", ", s_names);

        /// <summary>JSON name of a kind.</summary>
        public static string NameOf(FaultKind kind) => s_names[(int)kind];

        /// <summary>Finds a kind by its JSON name (exact spelling).</summary>
        public static bool TryParse(string? name, out FaultKind kind)
        {
            for (int i = 0; i < s_names.Length; i++)
            {
                if (s_names[i] == name)
                {
                    kind = (FaultKind)i;
                    return true;
                }
            }
            kind = FaultKind.LinkDrop;
            return false;
        }

        /// <summary>True for faults the runtime carries out (power, broker), not the virtual device.</summary>
        public static bool IsRuntimeFault(FaultKind kind) => kind == FaultKind.PowerLoss || kind == FaultKind.BrokerRestart;

        /// <summary>True for faults that only make sense on logistics trackers.</summary>
        public static bool IsLogisticsOnly(FaultKind kind) => kind == FaultKind.CoolingFailure || kind == FaultKind.DoorOpenInTransit || kind == FaultKind.Drop;

        /// <summary>True for faults of one named sensor.</summary>
        public static bool IsSensorFault(FaultKind kind) => kind == FaultKind.SensorStuck || kind == FaultKind.SensorFail || kind == FaultKind.SensorSpike;
    }
}
