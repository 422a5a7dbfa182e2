using Gateway.Firmware.Core.Readings;

namespace Gateway.Firmware.Core.Uplink
{
    /// <summary>Turns a batch of buffered readings into one uplink payload (SenML CBOR or SenML JSON).</summary>
    public interface IPackEncoder
    {
        /// <summary>
        /// Encodes as many of <paramref name="readings"/>[offset..offset+count) as fit into <paramref name="output"/>
        /// (at most <paramref name="maxBytes"/> bytes), always in order from the first.
        /// <paramref name="floorSequence"/> is the lowest sequence the node still holds unconfirmed: every lower
        /// sequence is either confirmed or was evicted unsent, so ingestion must not wait for it (sent as <c>bfloor</c>).
        /// Returns the number of readings encoded (0 when not even one fits) and the payload length in <paramref name="length"/>.
        /// </summary>
        int EncodePrefix(Reading[] readings, int offset, int count, long floorSequence, byte[] output, int maxBytes, out int length);
    }
}
