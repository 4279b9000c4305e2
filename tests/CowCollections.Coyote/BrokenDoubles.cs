namespace CowCollections.Coyote;

/// <summary>
/// A publisher broken on purpose: it reads the current value, computes, then writes (no compare-and-swap),
/// so two writers can both start from the same value and one update is lost.
/// </summary>
internal sealed class ReadThenWritePublisher<TValue>(TValue initial)
    where TValue : class
{
    private TValue _value = initial;
    private long _version;

    public TValue Value => Volatile.Read(ref _value);

    public long Version => Volatile.Read(ref _version);

    public void Update(Func<TValue, TValue> transform)
    {
        var current = Volatile.Read(ref _value);
        var next = transform(current);
        Volatile.Write(ref _value, next);
        Interlocked.Increment(ref _version);
    }
}

/// <summary>
/// A notifier broken on purpose: publication is a correct compare-and-swap, but each writer delivers its own
/// change directly afterwards, with no delivery order; two writers can deliver their versions out of order.
/// </summary>
internal sealed class UnorderedNotifyingPublisher<TValue>(TValue initial)
    where TValue : class
{
    private Box _current = new(initial, 0);
    private Action<SnapshotChange<TValue>>[] _subscribers = [];

    public void Subscribe(Action<SnapshotChange<TValue>> onChange) =>
        Volatile.Write(ref _subscribers, [.. Volatile.Read(ref _subscribers), onChange]);

    public void Update(Func<TValue, TValue> transform)
    {
        while (true)
        {
            var current = Volatile.Read(ref _current);
            var next = new Box(transform(current.Value), current.Version + 1);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, next, current), current))
            {
                foreach (var subscriber in Volatile.Read(ref _subscribers))
                {
                    subscriber(new SnapshotChange<TValue>(current.Value, next.Value, next.Version));
                }

                return;
            }
        }
    }

    private sealed class Box(TValue value, long version)
    {
        public TValue Value { get; } = value;

        public long Version { get; } = version;
    }
}
