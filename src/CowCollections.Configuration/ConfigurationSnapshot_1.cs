using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Configuration;

/// <summary>
/// The typed view of a watchable configuration: each version of the source dictionary bound to a
/// <typeparamref name="TOptions"/>, once, and handed to subscribers as the old and new options together.
/// Create it with <see cref="ConfigurationSnapshotExtensions.Bind{TOptions}(IWatchable{PersistentDictionary{string, string}}, Action{BinderOptions})"/>.
/// </summary>
/// <remarks>
/// <para><b>Binding.</b> A version is bound the way <c>services.Configure&lt;TOptions&gt;(configuration)</c>
/// binds: a new instance from the public parameterless constructor, then
/// <see cref="ConfigurationBinder.Bind(IConfiguration, object, Action{BinderOptions})"/> over that version's
/// keys. Each version is bound at most once, the first time anybody reads it (<see cref="Snapshot"/> or a
/// delivered change); later reads return the same instance. Treat the instance as read-only: it is shared by
/// every reader of that version.</para>
/// <para><b>Versions</b> are the source's: <see cref="Version"/> and the change numbers are the source's
/// version numbers, and a subscriber receives exactly one change per source change, with the delivery
/// contract of <see cref="IWatchable{TSnapshot}"/>. A source change that binds to equal values still yields a
/// change (with two different instances).</para>
/// <para><b>Cost.</b> Reading the current version is one volatile read and one weak-table lookup once bound;
/// binding costs O(n) for n keys plus the binder's reflection.</para>
/// </remarks>
/// <typeparam name="TOptions">The options type; it needs a public parameterless constructor.</typeparam>
[DebuggerDisplay("Version = {Version}")]
public sealed class ConfigurationSnapshot<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions> : IWatchable<TOptions>
    where TOptions : class
{
    private readonly IWatchable<PersistentDictionary<string, string?>> _source;
    private readonly Action<BinderOptions>? _configureBinder;

    /// <summary>One binding per version, kept exactly as long as the version itself is reachable.</summary>
    private readonly ConditionalWeakTable<PersistentDictionary<string, string?>, Lazy<TOptions>> _bound = new();

    [RequiresUnreferencedCode(ConfigurationSnapshot.BindingRequiresUnreferencedCode)]
    [RequiresDynamicCode(ConfigurationSnapshot.BindingRequiresDynamicCode)]
    internal ConfigurationSnapshot(IWatchable<PersistentDictionary<string, string?>> source, Action<BinderOptions>? configureBinder)
    {
        _source = source;
        _configureBinder = configureBinder;
    }

    /// <summary>The watchable dictionary this view binds.</summary>
    public IWatchable<PersistentDictionary<string, string?>> Source => _source;

    /// <summary>The current version bound to <typeparamref name="TOptions"/> (bound on first read, then cached).</summary>
    public TOptions Snapshot => Get(_source.Snapshot);

    /// <summary>The source's version number. O(1).</summary>
    public long Version => _source.Version;

    /// <summary>Delivers the old and new options of every source change published after this call.</summary>
    /// <param name="onChange">Receives each change; both snapshots are bound (at most once per version).</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<TOptions>> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        return _source.Subscribe(change => onChange(Convert(change)));
    }

    /// <summary>Delivers the old and new options of every source change; what <paramref name="onChange"/> (or a binding) throws goes to <paramref name="onError"/>.</summary>
    /// <param name="onChange">Receives each change.</param>
    /// <param name="onError">Receives the exceptions.</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onChange"/> or <paramref name="onError"/> is null.</exception>
    public IDisposable Subscribe(Action<SnapshotChange<TOptions>> onChange, Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ArgumentNullException.ThrowIfNull(onError);
        return _source.Subscribe(change => onChange(Convert(change)), onError);
    }

    /// <summary>Delivers every change to <paramref name="observer"/>'s <c>OnNext</c>.</summary>
    /// <param name="observer">The observer.</param>
    /// <returns>Disposing it (idempotent) stops the deliveries.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is null.</exception>
    public IDisposable Subscribe(IObserver<SnapshotChange<TOptions>> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return Subscribe(observer.OnNext);
    }

    /// <summary>The options bound from one version of the source (bound once, then cached while that version is reachable).</summary>
    /// <param name="version">A snapshot of the source.</param>
    /// <returns>The bound options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is null.</exception>
    public TOptions Get(PersistentDictionary<string, string?> version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return _bound.GetValue(version, CreateBinding).Value;
    }

    /// <summary>Binds <paramref name="pairs"/> the way the options configuration extensions do. O(n) plus reflection.</summary>
    [RequiresUnreferencedCode(ConfigurationSnapshot.BindingRequiresUnreferencedCode)]
    [RequiresDynamicCode(ConfigurationSnapshot.BindingRequiresDynamicCode)]
    internal static TOptions BindNew(PersistentDictionary<string, string?> pairs, Action<BinderOptions>? configureBinder)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(pairs).Build();
        var options = Activator.CreateInstance<TOptions>();
        configuration.Bind(options, configureBinder);
        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The constructor, the only way to create a view, carries RequiresUnreferencedCode.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The constructor, the only way to create a view, carries RequiresDynamicCode.")]
    private Lazy<TOptions> CreateBinding(PersistentDictionary<string, string?> version) =>
        new(() => BindNew(version, _configureBinder), LazyThreadSafetyMode.ExecutionAndPublication);

    private SnapshotChange<TOptions> Convert(SnapshotChange<PersistentDictionary<string, string?>> change) =>
        new(Get(change.OldSnapshot), Get(change.NewSnapshot), change.Version);
}
