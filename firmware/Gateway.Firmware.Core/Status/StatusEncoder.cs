using Gateway.Firmware.Core.Codec;

namespace Gateway.Firmware.Core.Status
{
    /// <summary>
    /// Encodes a <see cref="StatusReport"/> as a SenML CBOR pack (RFC 8428 §6), with the same base name as the
    /// node's telemetry, so ingestion decodes status with the telemetry decoder. Status records carry no sequence
    /// numbers: a status is a snapshot, not data that must arrive exactly once.
    /// </summary>
    public sealed class StatusEncoder
    {
        // RFC 8428 §6 integer labels.
        private const int LabelBaseName = -2;
        private const int LabelBaseTime = -3;
        private const int LabelName = 0;
        private const int LabelUnit = 1;
        private const int LabelValue = 2;
        private const int LabelStringValue = 3;
        private const int RecordCount = 14;

        private readonly string _baseName;
        private CborWriter? _writer;

        /// <summary>Creates an encoder for the given SenML base name (e.g. <c>env-0001/</c>).</summary>
        public StatusEncoder(string baseName)
        {
            _baseName = baseName;
        }

        /// <summary>Writes the report into <paramref name="output"/>; returns the length, or -1 when it does not fit.</summary>
        public int Encode(StatusReport report, byte[] output)
        {
            // One writer for the encoder's lifetime: a status every few minutes must not feed the small device heap garbage.
            CborWriter writer = _writer ??= new CborWriter(output);
            writer.Reset(output, 0, output.Length);
            writer.WriteArrayHeader(RecordCount);
            writer.WriteMapHeader(4);
            writer.WriteInt64(LabelBaseName);
            writer.WriteTextString(_baseName);
            writer.WriteInt64(LabelBaseTime);
            writer.WriteNumber(report.TimeUnixMs / 1000.0);
            writer.WriteInt64(LabelName);
            writer.WriteTextString("fw");
            writer.WriteInt64(LabelStringValue);
            writer.WriteTextString(report.FirmwareVersion);
            Number(writer, "uptime", "s", report.UptimeS);
            Text(writer, "reset", StatusReport.ResetCauseText(report.ResetCause));
            Number(writer, "mem_free", "B", report.FreeMemoryBytes);
            Number(writer, "rssi", "dBm", report.RssiDbm);
            Number(writer, "buffer_depth", "count", report.BufferDepth);
            Number(writer, "evicted", "count", report.EvictedCount);
            Number(writer, "confirmed_seq", "", report.ConfirmedThrough);
            Number(writer, "next_seq", "", report.NextSequence);
            Number(writer, "alarms_active", "count", report.ActiveAlarms);
            Number(writer, "connect_failures", "count", report.ConnectFailures);
            Text(writer, "sensor_faults", report.SensorFaults);
            Text(writer, "last_error", report.LastError);
            Text(writer, "status", report.SensorFaults.Length == 0 && report.LastError.Length == 0 ? "ok" : "warning");
            return writer.Overflow ? -1 : writer.Length;
        }

        private static void Number(CborWriter writer, string name, string unit, double value)
        {
            writer.WriteMapHeader(unit.Length == 0 ? 2 : 3);
            writer.WriteInt64(LabelName);
            writer.WriteTextString(name);
            if (unit.Length != 0)
            {
                writer.WriteInt64(LabelUnit);
                writer.WriteTextString(unit);
            }
            writer.WriteInt64(LabelValue);
            writer.WriteNumber(value);
        }

        private static void Text(CborWriter writer, string name, string value)
        {
            writer.WriteMapHeader(2);
            writer.WriteInt64(LabelName);
            writer.WriteTextString(name);
            writer.WriteInt64(LabelStringValue);
            writer.WriteTextString(value);
        }
    }
}
