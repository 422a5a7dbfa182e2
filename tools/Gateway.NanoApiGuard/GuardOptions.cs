using System;
using System.Collections.Generic;

namespace Gateway.NanoApiGuard
{
    /// <summary>How <see cref="NanoApiGuard.Check"/> treats the sources it is given.</summary>
    public sealed class GuardOptions
    {
        /// <summary>Creates options checking against <paramref name="catalog"/>.</summary>
        /// <param name="catalog">The nanoFramework API list to check against.</param>
        public GuardOptions(NanoApiCatalog catalog)
        {
            Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        }

        /// <summary>The nanoFramework API list to check against.</summary>
        public NanoApiCatalog Catalog { get; }

        /// <summary>
        /// False (the default, for the portable core): the sources must compile on .NET, so every compile error is a
        /// violation. True (for the ESP32 shell, which names nanoFramework-only namespaces such as nanoFramework.M2Mqtt):
        /// names .NET cannot resolve are resolved textually against the catalog through the file's using directives.
        /// </summary>
        public bool AllowUnresolved { get; init; }

        /// <summary>
        /// Namespaces (and their sub-namespaces) whose members are allowed without checking: libraries the device
        /// project references that nanoframework-api.txt does not list.
        /// </summary>
        public IReadOnlyList<string> ExtraAllowedNamespaces { get; init; } = Array.Empty<string>();

        /// <summary>
        /// Namespaces declared in the given sources that stand in for a nanoFramework library (the host adapter for
        /// nanoFramework.TestFramework): their members are treated as external and checked against the catalog
        /// instead of being skipped as our own code.
        /// </summary>
        public IReadOnlyList<string> ExternalNamespaces { get; init; } = Array.Empty<string>();
    }
}
