using System;
using dotnet_etcd;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Etcd;

/// <summary>
/// A configuration source over an etcd key prefix: the keys of an <see cref="EtcdDictionary"/> become
/// configuration keys (<see cref="KeyDelimiter"/> replaced by <see cref="ConfigurationPath.KeyDelimiter"/>),
/// reloaded once per published version. Add it with
/// <see cref="EtcdConfigurationExtensions.AddEtcd(IConfigurationBuilder, EtcdClient, string, EtcdDictionaryOptions)"/>.
/// </summary>
public sealed class EtcdConfigurationSource : IConfigurationSource
{
    /// <summary>The client to start a mirror with (ignored when <see cref="Mirror"/> is set).</summary>
    public EtcdClient? Client { get; set; }

    /// <summary>The key prefix to mirror (ignored when <see cref="Mirror"/> is set).</summary>
    public string? Prefix { get; set; }

    /// <summary>Timing of the mirror the provider starts, or null for the defaults.</summary>
    public EtcdDictionaryOptions? Options { get; set; }

    /// <summary>An already running mirror to read; the provider then shares it and does not dispose it.</summary>
    public EtcdDictionary? Mirror { get; set; }

    /// <summary>The separator of etcd key segments that maps to the configuration's <c>:</c> (default <c>/</c>).</summary>
    public string KeyDelimiter { get; set; } = "/";

    /// <summary>Creates the provider (it starts its mirror, if it has to, on its first <c>Load</c>).</summary>
    /// <param name="builder">The configuration builder (unused).</param>
    /// <returns>An <see cref="EtcdConfigurationProvider"/>.</returns>
    /// <exception cref="InvalidOperationException">Neither <see cref="Mirror"/> nor both <see cref="Client"/> and <see cref="Prefix"/> are set.</exception>
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        if (Mirror is null && (Client is null || string.IsNullOrEmpty(Prefix)))
        {
            throw new InvalidOperationException("An etcd configuration source needs a Mirror, or a Client and a Prefix.");
        }

        return new EtcdConfigurationProvider(this);
    }
}
