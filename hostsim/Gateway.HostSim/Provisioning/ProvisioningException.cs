using System;
using System.Collections.Generic;

namespace Gateway.HostSim.Provisioning;

/// <summary>
/// Provisioning refused: every problem found, each a complete line that names the option, CSV cell or file concerned and
/// what is accepted. Nothing was written when this is thrown (a half-written device folder is removed first).
/// </summary>
public sealed class ProvisioningException : Exception
{
    /// <summary>Creates the exception from one or more problems.</summary>
    /// <param name="errors">One line per problem; at least one.</param>
    public ProvisioningException(IReadOnlyList<string> errors)
        : base(errors is { Count: > 0 } ? string.Join(Environment.NewLine, errors) : "provisioning refused")
    {
        Errors = errors is { Count: > 0 } ? errors : new[] { "provisioning refused" };
    }

    /// <summary>Creates the exception from one problem.</summary>
    /// <param name="error">What is wrong, naming the field and what is accepted.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ProvisioningException(string error, Exception? innerException = null)
        : base(error, innerException)
    {
        Errors = new[] { error };
    }

    /// <summary>Every problem, one line each, in the order found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
