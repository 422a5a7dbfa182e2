namespace Gateway.Firmware.Core.Config
{
    /// <summary>Representation of uplink SenML packs (<c>uplink.format</c>).</summary>
    public enum UplinkPayloadFormat : byte
    {
        /// <summary><c>cbor</c>: SenML CBOR (RFC 8428 §6), the compact default.</summary>
        Cbor = 0,
        /// <summary><c>json</c>: SenML JSON (RFC 8428 §5), for debugging and interoperability.</summary>
        Json = 1,
    }
}
