using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace CowCollections.Configuration;

/// <summary>
/// One named registration of <see cref="SnapshotOptionsServiceCollectionExtensions.AddSnapshotOptions{TOptions}(Microsoft.Extensions.DependencyInjection.IServiceCollection, string, Microsoft.Extensions.Configuration.IConfiguration, Action{Microsoft.Extensions.Configuration.BinderOptions})"/>:
/// the snapshot it owns (disposed with the service provider) and its typed view.
/// </summary>
internal sealed class SnapshotOptionsRegistration<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(string name, ConfigurationSnapshot snapshot, ConfigurationSnapshot<TOptions> view) : IDisposable
    where TOptions : class
{
    public string Name { get; } = name;

    public ConfigurationSnapshot<TOptions> View { get; } = view;

    public void Dispose() => snapshot.Dispose();
}

/// <summary>
/// <see cref="IOptionsMonitor{TOptions}"/> over typed snapshot views: <c>CurrentValue</c> is the view's current
/// version (bound once per version), <c>OnChange</c> is one subscription per view, so each listener runs exactly
/// once per version that changed the configuration.
/// </summary>
internal sealed class SnapshotOptionsMonitor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions> : IOptionsMonitor<TOptions>
    where TOptions : class
{
    private readonly Dictionary<string, ConfigurationSnapshot<TOptions>> _views = new(StringComparer.Ordinal);

    /// <summary>What the standard monitor returns for a name nobody configured: an instance bound from nothing, one per name.</summary>
    private readonly ConcurrentDictionary<string, TOptions> _unconfigured = new(StringComparer.Ordinal);

    public SnapshotOptionsMonitor(IEnumerable<SnapshotOptionsRegistration<TOptions>> registrations)
    {
        foreach (var registration in registrations)
        {
            // A later registration for the same name wins, as a later Configure call would.
            _views[registration.Name] = registration.View;
        }
    }

    public TOptions CurrentValue => Get(Options.DefaultName);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Registered only by AddSnapshotOptions, which carries RequiresUnreferencedCode.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Registered only by AddSnapshotOptions, which carries RequiresDynamicCode.")]
    public TOptions Get(string? name)
    {
        name ??= Options.DefaultName;
        return _views.TryGetValue(name, out var view)
            ? view.Snapshot
            : _unconfigured.GetOrAdd(name, static _ => ConfigurationSnapshot<TOptions>.BindNew(PersistentDictionary<string, string?>.Empty, null));
    }

    public IDisposable OnChange(Action<TOptions, string?> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        var subscriptions = new List<IDisposable>(_views.Count);
        foreach (var (name, view) in _views)
        {
            subscriptions.Add(view.Subscribe(change => listener(change.NewSnapshot, name)));
        }

        return new Subscriptions(subscriptions);
    }

    private sealed class Subscriptions(List<IDisposable> subscriptions) : IDisposable
    {
        public void Dispose()
        {
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }
        }
    }
}

/// <summary>
/// <see cref="IOptions{TOptions}"/> (a singleton: the value current when first read, as the standard manager
/// caches it) and <see cref="IOptionsSnapshot{TOptions}"/> (scoped: each name's value current when the scope
/// first read it) over the snapshot monitor.
/// </summary>
internal sealed class SnapshotOptionsManager<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(IOptionsMonitor<TOptions> monitor) : IOptionsSnapshot<TOptions>
    where TOptions : class
{
    private readonly ConcurrentDictionary<string, TOptions> _read = new(StringComparer.Ordinal);

    public TOptions Value => Get(Options.DefaultName);

    public TOptions Get(string? name) => _read.GetOrAdd(name ?? Options.DefaultName, monitor.Get);
}
