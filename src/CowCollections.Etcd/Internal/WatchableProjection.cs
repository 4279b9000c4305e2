using System;

namespace CowCollections.Etcd.Internal;

/// <summary>
/// An <see cref="IWatchable{TSnapshot}"/> that shows another one through a pure projection: same versions,
/// same delivery (each change is the source's change with both snapshots projected).
/// </summary>
internal sealed class WatchableProjection<TSource, TResult>(IWatchable<TSource> source, Func<TSource, TResult> project) : IWatchable<TResult>
{
    public TResult Snapshot => project(source.Snapshot);

    public long Version => source.Version;

    public IDisposable Subscribe(Action<SnapshotChange<TResult>> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        return source.Subscribe(change => onChange(Project(change)));
    }

    public IDisposable Subscribe(Action<SnapshotChange<TResult>> onChange, Action<Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ArgumentNullException.ThrowIfNull(onError);
        return source.Subscribe(change => onChange(Project(change)), onError);
    }

    public IDisposable Subscribe(IObserver<SnapshotChange<TResult>> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return Subscribe(observer.OnNext);
    }

    private SnapshotChange<TResult> Project(SnapshotChange<TSource> change) =>
        new(project(change.OldSnapshot), project(change.NewSnapshot), change.Version);
}
