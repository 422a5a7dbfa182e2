namespace Gateway.Ingest.Pki;

/// <summary>What a client certificate allows its holder to be. Carried in the certificate subject as OU=device or OU=service.</summary>
public enum ClientRole
{
    /// <summary>A sensor node: CN is the device id; it may publish only its own uplinks and subscribe only to its own downlinks.</summary>
    Device = 0,

    /// <summary>An ingestion instance (e.g. CN=ingest-1): subscribes to every device's uplinks and publishes downlinks.</summary>
    Service = 1,
}
