using CowCollections.Internal;
using CowCollections.Internal.ChunkedArray;
using CowCollections.Tests.Arrays;

namespace CowCollections.Tests.Conformance;

/// <summary>The list conformance suite's read side, run against the array value, its builder and its container.</summary>
public sealed class PersistentArrayListReadConformanceTests : ReadOnlyListConformance<PersistentArray<int>>
{
    protected override IReadOnlyListAdapter<PersistentArray<int>> Reader { get; } = new PersistentArrayAdapter();
}

public sealed class PersistentArrayBuilderListReadConformanceTests : ReadOnlyListConformance<PersistentArray<int>.Builder>
{
    protected override IReadOnlyListAdapter<PersistentArray<int>.Builder> Reader { get; } = new PersistentArrayBuilderAdapter();
}

public sealed class CopyOnWriteArrayListReadConformanceTests : ReadOnlyListConformance<CopyOnWriteArray<int>>
{
    protected override IReadOnlyListAdapter<CopyOnWriteArray<int>> Reader { get; } = new CopyOnWriteArrayAdapter();
}

/// <summary>The array value: created from the items, checked through its chunk directory.</summary>
internal sealed class PersistentArrayAdapter() : ArrayReader<PersistentArray<int>>(
    items => PersistentArray.Create<int>(items),
    a => a,
    a => ChunkChecker<int, ArrayDirectoryGeometry>.Check(a.Core));

/// <summary>The array builder, started from zeros with every slot written, so it owns what it holds.</summary>
internal sealed class PersistentArrayBuilderAdapter() : ArrayReader<PersistentArray<int>.Builder>(
    items =>
    {
        var builder = PersistentArray.CreateBuilder<int>(items.Length);
        for (int i = 0; i < items.Length; i++)
        {
            builder[i] = items[i];
        }

        return builder;
    },
    b => b.ToImmutable(),
    b => ChunkChecker<int, ArrayDirectoryGeometry>.Check(b.Core));

/// <summary>The array container, read through its own members and its snapshot.</summary>
internal sealed class CopyOnWriteArrayAdapter() : ArrayReader<CopyOnWriteArray<int>>(
    items => new CopyOnWriteArray<int>(items),
    c => c.Snapshot,
    c => ChunkChecker<int, ArrayDirectoryGeometry>.Check(c.Snapshot.Core));

/// <summary>Reads any array-shaped type through the value it publishes (searches) and its own members (indexing, enumeration).</summary>
internal class ArrayReader<TCollection>(
    Func<int[], TCollection> create,
    Func<TCollection, PersistentArray<int>> value,
    Action<TCollection> check) : IReadOnlyListAdapter<TCollection>
    where TCollection : class, IEnumerable<int>
{
    public TCollection Create(int[] items) => create(items);

    public int Count(TCollection collection) => value(collection).Length;

    public int Get(TCollection collection, int index) => collection switch
    {
        PersistentArray<int> a => a[index],
        PersistentArray<int>.Builder b => b[index],
        CopyOnWriteArray<int> c => c[index],
        _ => throw new ArgumentOutOfRangeException(nameof(collection)),
    };

    public int ItemRef(TCollection collection, int index) => collection switch
    {
        PersistentArray<int> a => a.ItemRef(index),
        PersistentArray<int>.Builder b => b.ItemRef(index),
        CopyOnWriteArray<int> c => c.Snapshot.ItemRef(index),
        _ => throw new ArgumentOutOfRangeException(nameof(collection)),
    };

    public List<int> Enumerate(TCollection collection)
    {
        var seen = new List<int>();
        switch (collection)
        {
            case PersistentArray<int> a:
                foreach (var x in a)
                {
                    seen.Add(x);
                }

                break;
            case PersistentArray<int>.Builder b:
                foreach (var x in b)
                {
                    seen.Add(x);
                }

                break;
            case CopyOnWriteArray<int> c:
                foreach (var x in c)
                {
                    seen.Add(x);
                }

                break;
        }

        return seen;
    }

    public int IndexOf(TCollection collection, int item) => value(collection).IndexOf(item);

    public bool Contains(TCollection collection, int item) => value(collection).Contains(item);

    public void CopyTo(TCollection collection, int[] array, int arrayIndex)
    {
        if (collection is CopyOnWriteArray<int> container)
        {
            container.CopyTo(array, arrayIndex);
            return;
        }

        // PersistentArray<T> offers CopyTo(Span<T>); this is the ICollection-style wrapper a caller writes.
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(arrayIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(arrayIndex, array.Length);
        var source = value(collection);
        if (array.Length - arrayIndex < source.Length)
        {
            throw new ArgumentException("The destination is too short.", nameof(array));
        }

        source.CopyTo(array.AsSpan(arrayIndex));
    }

    public int[] ToArray(TCollection collection) => value(collection).ToArray();

    public IReadOnlyList<int> AsReadOnlyList(TCollection collection) => value(collection);

    public void CheckInvariants(TCollection collection) => check(collection);
}
