namespace CowCollections.Benchmarks.List;

/// <summary>
/// The peer every copy-on-write list replaces: the CopyOnWriteArrayList pattern. Readers take the current
/// array with one volatile read and never lock; a writer takes a lock, copies the whole array with its
/// change, and publishes the copy. A published array is never written again, so it can be shared.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class LockedCopyArray<T>
{
    private readonly Lock _gate = new();
    private T[] _items;

    public LockedCopyArray() => _items = [];

    /// <summary>Starts from <paramref name="items"/> without copying: the caller must never write it again.</summary>
    public LockedCopyArray(T[] items) => _items = items;

    /// <summary>The current array (a frozen snapshot).</summary>
    public T[] Snapshot => Volatile.Read(ref _items);

    public int Count => Snapshot.Length;

    public T this[int index] => Snapshot[index];

    public void Add(T item)
    {
        lock (_gate)
        {
            var current = _items;
            var next = new T[current.Length + 1];
            current.AsSpan().CopyTo(next);
            next[^1] = item;
            Volatile.Write(ref _items, next);
        }
    }

    public void SetItem(int index, T item)
    {
        lock (_gate)
        {
            var next = (T[])_items.Clone();
            next[index] = item;
            Volatile.Write(ref _items, next);
        }
    }

    /// <summary>One published copy for a whole batch of index/value pairs.</summary>
    public void SetItems(KeyValuePair<int, T>[] pairs)
    {
        lock (_gate)
        {
            var next = (T[])_items.Clone();
            foreach (var pair in pairs)
            {
                next[pair.Key] = pair.Value;
            }

            Volatile.Write(ref _items, next);
        }
    }

    public void Insert(int index, T item)
    {
        lock (_gate)
        {
            var current = _items;
            var next = new T[current.Length + 1];
            current.AsSpan(0, index).CopyTo(next);
            next[index] = item;
            current.AsSpan(index).CopyTo(next.AsSpan(index + 1));
            Volatile.Write(ref _items, next);
        }
    }

    public void RemoveAt(int index)
    {
        lock (_gate)
        {
            var current = _items;
            var next = new T[current.Length - 1];
            current.AsSpan(0, index).CopyTo(next);
            current.AsSpan(index + 1).CopyTo(next.AsSpan(index));
            Volatile.Write(ref _items, next);
        }
    }

    public ReadOnlySpan<T>.Enumerator GetEnumerator() => new ReadOnlySpan<T>(Snapshot).GetEnumerator();
}
