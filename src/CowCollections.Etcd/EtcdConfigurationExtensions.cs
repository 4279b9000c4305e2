using System;
using dotnet_etcd;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Etcd;

/// <summary>Adds an etcd key prefix to a configuration builder.</summary>
public static class EtcdConfigurationExtensions
{
    /// <summary>
    /// Adds the keys under <paramref name="prefix"/> as configuration, kept current by an <see cref="EtcdDictionary"/>
    /// that the provider starts on <c>Build()</c> (one linearizable read) and disposes with the configuration root.
    /// Etcd's <c>/</c> separates sections: <c>config/app/Db/Host</c> under <c>config/app/</c> is <c>Db:Host</c>.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="client">The etcd client (stays the caller's).</param>
    /// <param name="prefix">The key prefix, not empty.</param>
    /// <param name="options">Timing of the mirror, or null for the defaults.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/>, <paramref name="client"/> or <paramref name="prefix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is empty.</exception>
    public static IConfigurationBuilder AddEtcd(this IConfigurationBuilder builder, EtcdClient client, string prefix, EtcdDictionaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            throw new ArgumentException("The prefix must not be empty.", nameof(prefix));
        }

        return builder.Add(new EtcdConfigurationSource { Client = client, Prefix = prefix, Options = options });
    }

    /// <summary>Adds the keys of a running <paramref name="mirror"/> as configuration (shared: the configuration root does not dispose it).</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="mirror">The mirror.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="mirror"/> is null.</exception>
    public static IConfigurationBuilder AddEtcd(this IConfigurationBuilder builder, EtcdDictionary mirror)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(mirror);
        return builder.Add(new EtcdConfigurationSource { Mirror = mirror });
    }
}
