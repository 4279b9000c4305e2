using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Tests.Conformance;

/// <summary>
/// The read side of a list-shaped collection of <see cref="int"/>: everything a fixed-length or growable
/// list offers without changing. <see cref="ReadOnlyListConformance{TCollection}"/> needs only this, so a
/// fixed-length type (a later <c>PersistentArray&lt;T&gt;</c>) can reuse the read-side suite.
/// </summary>
/// <typeparam name="TCollection">The collection under test.</typeparam>
public interface IReadOnlyListAdapter<TCollection>
    where TCollection : class
{
    /// <summary>A new collection holding <paramref name="items"/> in order.</summary>
    TCollection Create(int[] items);

    int Count(TCollection collection);

    /// <summary>The indexer getter.</summary>
    int Get(TCollection collection, int index);

    /// <summary><c>ItemRef</c> (or the nearest equivalent the type offers).</summary>
    int ItemRef(TCollection collection, int index);

    /// <summary>Enumerates with the type's own (struct) enumerator, through <c>foreach</c>.</summary>
    List<int> Enumerate(TCollection collection);

    int IndexOf(TCollection collection, int item);

    bool Contains(TCollection collection, int item);

    /// <summary><c>ICollection&lt;T&gt;.CopyTo(T[], int)</c>.</summary>
    void CopyTo(TCollection collection, int[] array, int arrayIndex);

    int[] ToArray(TCollection collection);

    /// <summary>The collection seen through <see cref="IReadOnlyList{T}"/>.</summary>
    IReadOnlyList<int> AsReadOnlyList(TCollection collection);

    /// <summary>Runs the engine's deep invariant check where the type exposes its engine state.</summary>
    void CheckInvariants(TCollection collection);
}

/// <summary>
/// The write side. Every operation returns the collection that holds the result: a new version for an
/// immutable value (the argument must be left untouched), the same instance for a builder or container
/// (which change in place; <see cref="MutatesInPlace"/>).
/// </summary>
/// <typeparam name="TCollection">The collection under test.</typeparam>
public interface IListAdapter<TCollection> : IReadOnlyListAdapter<TCollection>
    where TCollection : class
{
    bool MutatesInPlace { get; }

    /// <summary>
    /// A token of the collection's observable state beyond its contents (a container's <c>Version</c>, a
    /// builder enumerator already started); <see cref="IsUnchangedSince"/> tells whether anything was published or
    /// changed since.
    /// </summary>
    object Mark(TCollection collection);

    bool IsUnchangedSince(TCollection collection, object mark);

    TCollection Add(TCollection collection, int item);

    TCollection AddRange(TCollection collection, IEnumerable<int> items);

    TCollection AddRangeSpan(TCollection collection, ReadOnlySpan<int> items);

    TCollection AddRangeList(TCollection collection, PersistentList<int> items);

    TCollection Insert(TCollection collection, int index, int item);

    TCollection InsertRange(TCollection collection, int index, IEnumerable<int> items);

    TCollection RemoveAt(TCollection collection, int index);

    TCollection RemoveRange(TCollection collection, int index, int count);

    TCollection Remove(TCollection collection, int item, out bool removed);

    TCollection RemoveAll(TCollection collection, Predicate<int> match, out int removed);

    /// <summary><c>SetItem</c> on a value, the indexer setter elsewhere.</summary>
    TCollection SetItem(TCollection collection, int index, int value);

    TCollection Sort(TCollection collection, IComparer<int>? comparer);

    TCollection Reverse(TCollection collection);

    TCollection Clear(TCollection collection);

    /// <summary>Appends the collection's own contents (a value or snapshot of itself) to it.</summary>
    TCollection AddSelf(TCollection collection);

    /// <summary>Keeps only the <paramref name="count"/> items from <paramref name="index"/> (<c>GetRange</c> on a value).</summary>
    TCollection KeepRange(TCollection collection, int index, int count);

    /// <summary>
    /// Publishes the current contents (<c>ToImmutable</c>, <c>Snapshot</c>, the value itself) and returns a reader of
    /// that published version, which must never change whatever is done to the collection afterwards.
    /// </summary>
    TCollection Freeze(TCollection collection, out Func<int[]> version);
}

internal static class Invariants
{
    public static void Check<T>(PersistentList<T> list) => TrieChecker<T, DefaultGeometry>.Check(list.Core);
}

/// <summary>The immutable value: every operation returns a new version.</summary>
public sealed partial class PersistentListAdapter : IListMemberAdapter<PersistentList<int>>
{
    public bool MutatesInPlace => false;

    public PersistentList<int> Create(int[] items) => PersistentList.Create<int>(items.AsSpan());

    public int Count(PersistentList<int> collection) => collection.Count;

    public int Get(PersistentList<int> collection, int index) => collection[index];

    public int ItemRef(PersistentList<int> collection, int index) => collection.ItemRef(index);

    public List<int> Enumerate(PersistentList<int> collection)
    {
        var result = new List<int>(collection.Count);
        foreach (int item in collection)
        {
            result.Add(item);
        }

        return result;
    }

    public int IndexOf(PersistentList<int> collection, int item) => collection.IndexOf(item);

    public bool Contains(PersistentList<int> collection, int item) => collection.Contains(item);

    public void CopyTo(PersistentList<int> collection, int[] array, int arrayIndex) => ((ICollection<int>)collection).CopyTo(array, arrayIndex);

    public int[] ToArray(PersistentList<int> collection) => collection.ToArray();

    public IReadOnlyList<int> AsReadOnlyList(PersistentList<int> collection) => collection;

    /// <summary>The trie check, then every read path (enumerator, chunks, indexer) against ToArray.</summary>
    public void CheckInvariants(PersistentList<int> collection) => ListReads.CheckAndRead(collection);

    public object Mark(PersistentList<int> collection) => collection;

    public bool IsUnchangedSince(PersistentList<int> collection, object mark) => ReferenceEquals(collection, mark);

    public PersistentList<int> Add(PersistentList<int> collection, int item) => collection.Add(item);

    public PersistentList<int> AddRange(PersistentList<int> collection, IEnumerable<int> items) => collection.AddRange(items);

    public PersistentList<int> AddRangeSpan(PersistentList<int> collection, ReadOnlySpan<int> items) => collection.AddRange(items);

    public PersistentList<int> AddRangeList(PersistentList<int> collection, PersistentList<int> items) => collection.AddRange(items);

    public PersistentList<int> Insert(PersistentList<int> collection, int index, int item) => collection.Insert(index, item);

    public PersistentList<int> InsertRange(PersistentList<int> collection, int index, IEnumerable<int> items) => collection.InsertRange(index, items);

    public PersistentList<int> RemoveAt(PersistentList<int> collection, int index) => collection.RemoveAt(index);

    public PersistentList<int> RemoveRange(PersistentList<int> collection, int index, int count) => collection.RemoveRange(index, count);

    public PersistentList<int> Remove(PersistentList<int> collection, int item, out bool removed)
    {
        var result = collection.Remove(item);
        removed = !ReferenceEquals(result, collection);
        return result;
    }

    public PersistentList<int> RemoveAll(PersistentList<int> collection, Predicate<int> match, out int removed)
    {
        var result = collection.RemoveAll(match);
        removed = collection.Count - result.Count;
        return result;
    }

    public PersistentList<int> SetItem(PersistentList<int> collection, int index, int value) => collection.SetItem(index, value);

    public PersistentList<int> Sort(PersistentList<int> collection, IComparer<int>? comparer) => collection.Sort(comparer);

    public PersistentList<int> Reverse(PersistentList<int> collection) => collection.Reverse();

    public PersistentList<int> Clear(PersistentList<int> collection) => collection.Clear();

    public PersistentList<int> AddSelf(PersistentList<int> collection) => collection.AddRange(collection);

    public PersistentList<int> KeepRange(PersistentList<int> collection, int index, int count) => collection.GetRange(index, count);

    public PersistentList<int> Freeze(PersistentList<int> collection, out Func<int[]> version)
    {
        version = () => collection.ToArray();
        return collection;
    }
}

/// <summary>The builder: every operation changes it in place.</summary>
public sealed partial class BuilderAdapter : IListMemberAdapter<PersistentList<int>.Builder>
{
    public bool MutatesInPlace => true;

    /// <summary>
    /// Builds through a mix of paths so the builder owns some nodes and shares others: a published list
    /// for the first half, then appends for the rest.
    /// </summary>
    public PersistentList<int>.Builder Create(int[] items)
    {
        int half = items.Length / 2;
        var builder = PersistentList.Create<int>(items.AsSpan(0, half)).ToBuilder();
        for (int i = half; i < items.Length; i++)
        {
            builder.Add(items[i]);
        }

        return builder;
    }

    public int Count(PersistentList<int>.Builder collection) => collection.Count;

    public int Get(PersistentList<int>.Builder collection, int index) => collection[index];

    public int ItemRef(PersistentList<int>.Builder collection, int index) => collection.ItemRef(index);

    public List<int> Enumerate(PersistentList<int>.Builder collection)
    {
        var result = new List<int>(collection.Count);
        foreach (int item in collection)
        {
            result.Add(item);
        }

        return result;
    }

    public int IndexOf(PersistentList<int>.Builder collection, int item) => collection.IndexOf(item);

    public bool Contains(PersistentList<int>.Builder collection, int item) => collection.Contains(item);

    public void CopyTo(PersistentList<int>.Builder collection, int[] array, int arrayIndex) => ((ICollection<int>)collection).CopyTo(array, arrayIndex);

    public int[] ToArray(PersistentList<int>.Builder collection) => collection.ToArray();

    public IReadOnlyList<int> AsReadOnlyList(PersistentList<int>.Builder collection) => collection;

    public void CheckInvariants(PersistentList<int>.Builder collection) => TrieChecker<int, DefaultGeometry>.Check(collection.Core);

    public object Mark(PersistentList<int>.Builder collection)
    {
        IEnumerator<int> enumerator = collection.GetEnumerator();
        enumerator.MoveNext();
        return enumerator;
    }

    /// <summary>A builder's enumerator throws on its next step after any change: the observable version.</summary>
    public bool IsUnchangedSince(PersistentList<int>.Builder collection, object mark)
    {
        try
        {
            ((IEnumerator<int>)mark).MoveNext();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public PersistentList<int>.Builder Add(PersistentList<int>.Builder collection, int item)
    {
        collection.Add(item);
        return collection;
    }

    public PersistentList<int>.Builder AddRange(PersistentList<int>.Builder collection, IEnumerable<int> items)
    {
        collection.AddRange(items);
        return collection;
    }

    public PersistentList<int>.Builder AddRangeSpan(PersistentList<int>.Builder collection, ReadOnlySpan<int> items)
    {
        collection.AddRange(items);
        return collection;
    }

    public PersistentList<int>.Builder AddRangeList(PersistentList<int>.Builder collection, PersistentList<int> items)
    {
        collection.AddRange(items);
        return collection;
    }

    public PersistentList<int>.Builder Insert(PersistentList<int>.Builder collection, int index, int item)
    {
        collection.Insert(index, item);
        return collection;
    }

    public PersistentList<int>.Builder InsertRange(PersistentList<int>.Builder collection, int index, IEnumerable<int> items)
    {
        collection.InsertRange(index, items);
        return collection;
    }

    public PersistentList<int>.Builder RemoveAt(PersistentList<int>.Builder collection, int index)
    {
        collection.RemoveAt(index);
        return collection;
    }

    public PersistentList<int>.Builder RemoveRange(PersistentList<int>.Builder collection, int index, int count)
    {
        collection.RemoveRange(index, count);
        return collection;
    }

    public PersistentList<int>.Builder Remove(PersistentList<int>.Builder collection, int item, out bool removed)
    {
        removed = collection.Remove(item);
        return collection;
    }

    public PersistentList<int>.Builder RemoveAll(PersistentList<int>.Builder collection, Predicate<int> match, out int removed)
    {
        removed = collection.RemoveAll(match);
        return collection;
    }

    public PersistentList<int>.Builder SetItem(PersistentList<int>.Builder collection, int index, int value)
    {
        collection[index] = value;
        return collection;
    }

    public PersistentList<int>.Builder Sort(PersistentList<int>.Builder collection, IComparer<int>? comparer)
    {
        collection.Sort(comparer);
        return collection;
    }

    public PersistentList<int>.Builder Reverse(PersistentList<int>.Builder collection)
    {
        collection.Reverse();
        return collection;
    }

    public PersistentList<int>.Builder Clear(PersistentList<int>.Builder collection)
    {
        collection.Clear();
        return collection;
    }

    public PersistentList<int>.Builder AddSelf(PersistentList<int>.Builder collection)
    {
        collection.AddRange(collection.ToImmutable());
        return collection;
    }

    /// <summary>In place: the items after the range, then the items before it.</summary>
    public PersistentList<int>.Builder KeepRange(PersistentList<int>.Builder collection, int index, int count)
    {
        collection.RemoveRange(index + count, collection.Count - index - count);
        collection.RemoveRange(0, index);
        return collection;
    }

    public PersistentList<int>.Builder Freeze(PersistentList<int>.Builder collection, out Func<int[]> version)
    {
        var frozen = collection.ToImmutable();
        Invariants.Check(frozen);
        version = () => frozen.ToArray();
        return collection;
    }
}

/// <summary>
/// The container: every operation changes it in place by publishing a new version. Operations the container
/// has no member for (span and range edits, sorting) go through <see cref="CopyOnWriteList{T}.Update{TArg}"/>,
/// which is how callers do them.
/// </summary>
public sealed partial class CopyOnWriteListAdapter : IListMemberAdapter<CopyOnWriteList<int>>
{
    public bool MutatesInPlace => true;

    public CopyOnWriteList<int> Create(int[] items) => new(items);

    public int Count(CopyOnWriteList<int> collection) => collection.Count;

    public int Get(CopyOnWriteList<int> collection, int index) => collection[index];

    public int ItemRef(CopyOnWriteList<int> collection, int index) => collection.Snapshot.ItemRef(index);

    public List<int> Enumerate(CopyOnWriteList<int> collection)
    {
        var result = new List<int>(collection.Count);
        foreach (int item in collection)
        {
            result.Add(item);
        }

        return result;
    }

    public int IndexOf(CopyOnWriteList<int> collection, int item) => collection.IndexOf(item);

    public bool Contains(CopyOnWriteList<int> collection, int item) => collection.Contains(item);

    public void CopyTo(CopyOnWriteList<int> collection, int[] array, int arrayIndex) => collection.CopyTo(array, arrayIndex);

    public int[] ToArray(CopyOnWriteList<int> collection) => collection.Snapshot.ToArray();

    public IReadOnlyList<int> AsReadOnlyList(CopyOnWriteList<int> collection) => collection;

    public void CheckInvariants(CopyOnWriteList<int> collection) => Invariants.Check(collection.Snapshot);

    public object Mark(CopyOnWriteList<int> collection) => (collection.Version, collection.Snapshot);

    public bool IsUnchangedSince(CopyOnWriteList<int> collection, object mark)
    {
        var (version, snapshot) = ((long, PersistentList<int>))mark;
        return collection.Version == version && ReferenceEquals(collection.Snapshot, snapshot);
    }

    public CopyOnWriteList<int> Add(CopyOnWriteList<int> collection, int item)
    {
        collection.Add(item);
        return collection;
    }

    public CopyOnWriteList<int> AddRange(CopyOnWriteList<int> collection, IEnumerable<int> items)
    {
        collection.AddRange(items);
        return collection;
    }

    public CopyOnWriteList<int> AddRangeSpan(CopyOnWriteList<int> collection, ReadOnlySpan<int> items)
    {
        collection.Update(items.ToArray(), static (list, array) => list.AddRange(array.AsSpan()));
        return collection;
    }

    public CopyOnWriteList<int> AddRangeList(CopyOnWriteList<int> collection, PersistentList<int> items)
    {
        collection.AddRange(items);
        return collection;
    }

    public CopyOnWriteList<int> Insert(CopyOnWriteList<int> collection, int index, int item)
    {
        collection.Insert(index, item);
        return collection;
    }

    public CopyOnWriteList<int> InsertRange(CopyOnWriteList<int> collection, int index, IEnumerable<int> items)
    {
        collection.Update((index, items), static (list, arg) => list.InsertRange(arg.index, arg.items));
        return collection;
    }

    public CopyOnWriteList<int> RemoveAt(CopyOnWriteList<int> collection, int index)
    {
        collection.RemoveAt(index);
        return collection;
    }

    public CopyOnWriteList<int> RemoveRange(CopyOnWriteList<int> collection, int index, int count)
    {
        collection.Update((index, count), static (list, arg) => list.RemoveRange(arg.index, arg.count));
        return collection;
    }

    public CopyOnWriteList<int> Remove(CopyOnWriteList<int> collection, int item, out bool removed)
    {
        removed = collection.Remove(item);
        return collection;
    }

    public CopyOnWriteList<int> RemoveAll(CopyOnWriteList<int> collection, Predicate<int> match, out int removed)
    {
        removed = collection.RemoveAll(match);
        return collection;
    }

    public CopyOnWriteList<int> SetItem(CopyOnWriteList<int> collection, int index, int value)
    {
        collection[index] = value;
        return collection;
    }

    public CopyOnWriteList<int> Sort(CopyOnWriteList<int> collection, IComparer<int>? comparer)
    {
        collection.Update(comparer, static (list, c) => list.Sort(c));
        return collection;
    }

    public CopyOnWriteList<int> Reverse(CopyOnWriteList<int> collection)
    {
        collection.Update(static list => list.Reverse());
        return collection;
    }

    public CopyOnWriteList<int> Clear(CopyOnWriteList<int> collection)
    {
        collection.Clear();
        return collection;
    }

    public CopyOnWriteList<int> AddSelf(CopyOnWriteList<int> collection)
    {
        collection.AddRange(collection.Snapshot);
        return collection;
    }

    public CopyOnWriteList<int> KeepRange(CopyOnWriteList<int> collection, int index, int count)
    {
        collection.Update((index, count), static (list, arg) => list.GetRange(arg.index, arg.count));
        return collection;
    }

    public CopyOnWriteList<int> Freeze(CopyOnWriteList<int> collection, out Func<int[]> version)
    {
        var frozen = collection.Snapshot;
        version = () => frozen.ToArray();
        return collection;
    }
}

/// <summary>Reads a list every way it can be read and checks they agree, after a deep-check.</summary>
public static class ListReads
{
    public static int[] CheckAndRead(PersistentList<int> list)
    {
        TrieChecker<int, DefaultGeometry>.Check(list.Core);
        var array = list.ToArray();
        if (array.Length != list.Count)
        {
            throw new InvalidOperationException("ToArray length != Count.");
        }

        int at = 0;
        foreach (var x in list)
        {
            if (at >= array.Length || array[at++] != x)
            {
                throw new InvalidOperationException($"Enumerator disagrees with ToArray at {at - 1}.");
            }
        }

        at = 0;
        foreach (var chunk in list.Chunks)
        {
            if (chunk.Length == 0 || chunk.Length > RrbTree<int, DefaultGeometry>.MaxLeaf || !chunk.SequenceEqual(array.AsSpan(at, chunk.Length)))
            {
                throw new InvalidOperationException($"Chunk at {at} disagrees with ToArray.");
            }

            at += chunk.Length;
        }

        if (at != array.Length)
        {
            throw new InvalidOperationException("Chunks do not cover the list.");
        }

        for (int i = 0; i < array.Length; i += 1 + (array.Length / 16))
        {
            if (list[i] != array[i] || list.ItemRef(i) != array[i])
            {
                throw new InvalidOperationException($"Indexer disagrees with ToArray at {i}.");
            }
        }

        return array;
    }
}
