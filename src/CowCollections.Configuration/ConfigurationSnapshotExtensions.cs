using System;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Configuration;

/// <summary>Creates watchable snapshots of a configuration and typed views over them.</summary>
public static class ConfigurationSnapshotExtensions
{
    /// <summary>
    /// Reads <paramref name="configuration"/> (a root or a section) into a first version and follows its reload
    /// token from then on; see <see cref="ConfigurationSnapshot"/>. Dispose the result to stop following.
    /// </summary>
    /// <remarks>O(n) for n keys: one full read now.</remarks>
    /// <param name="configuration">The configuration; for a section, keys are relative to it (<c>GetSection("Db").ToSnapshot()["Host"]</c>).</param>
    /// <returns>The snapshot, at version 0.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
    public static ConfigurationSnapshot ToSnapshot(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new ConfigurationSnapshot(configuration);
    }

    /// <summary>
    /// A typed view of <paramref name="source"/>: each version bound to <typeparamref name="TOptions"/> once, and
    /// subscribers handed the old and new options together; see <see cref="ConfigurationSnapshot{TOptions}"/>.
    /// </summary>
    /// <remarks>O(1); nothing is bound until a version is read.</remarks>
    /// <typeparam name="TOptions">The options type, with a public parameterless constructor.</typeparam>
    /// <param name="source">A <see cref="ConfigurationSnapshot"/> or any watchable dictionary of flattened configuration keys.</param>
    /// <param name="configureBinder">Binder settings (for example <see cref="BinderOptions.ErrorOnUnknownConfiguration"/>), or null.</param>
    /// <returns>The typed view; it shares the source's versions and needs no disposal of its own.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    [RequiresUnreferencedCode(ConfigurationSnapshot.BindingRequiresUnreferencedCode)]
    [RequiresDynamicCode(ConfigurationSnapshot.BindingRequiresDynamicCode)]
    public static ConfigurationSnapshot<TOptions> Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(this IWatchable<PersistentDictionary<string, string?>> source, Action<BinderOptions>? configureBinder = null)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(source);
        return new ConfigurationSnapshot<TOptions>(source, configureBinder);
    }
}
