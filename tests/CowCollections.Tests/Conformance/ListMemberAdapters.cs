namespace CowCollections.Tests.Conformance;

/// <summary>The value: every member is its own.</summary>
public sealed partial class PersistentListAdapter
{
    public int Find(PersistentList<int> collection, Predicate<int> match) => collection.Find(match);

    public int FindLast(PersistentList<int> collection, Predicate<int> match) => collection.FindLast(match);

    public PersistentList<int> FindAll(PersistentList<int> collection, Predicate<int> match) => collection.FindAll(match);

    public int FindIndex(PersistentList<int> collection, Predicate<int> match) => collection.FindIndex(match);

    public int FindIndex(PersistentList<int> collection, int startIndex, Predicate<int> match) => collection.FindIndex(startIndex, match);

    public int FindIndex(PersistentList<int> collection, int startIndex, int count, Predicate<int> match) => collection.FindIndex(startIndex, count, match);

    public int FindLastIndex(PersistentList<int> collection, Predicate<int> match) => collection.FindLastIndex(match);

    public int FindLastIndex(PersistentList<int> collection, int startIndex, Predicate<int> match) => collection.FindLastIndex(startIndex, match);

    public int FindLastIndex(PersistentList<int> collection, int startIndex, int count, Predicate<int> match) => collection.FindLastIndex(startIndex, count, match);

    public bool Exists(PersistentList<int> collection, Predicate<int> match) => collection.Exists(match);

    public bool TrueForAll(PersistentList<int> collection, Predicate<int> match) => collection.TrueForAll(match);

    public PersistentList<string> ConvertAll(PersistentList<int> collection, Func<int, string> converter) => collection.ConvertAll(converter);

    public int BinarySearch(PersistentList<int> collection, int item) => collection.BinarySearch(item);

    public int BinarySearch(PersistentList<int> collection, int item, IComparer<int>? comparer) => collection.BinarySearch(item, comparer);

    public int BinarySearch(PersistentList<int> collection, int index, int count, int item, IComparer<int>? comparer) => collection.BinarySearch(index, count, item, comparer);

    public int IndexOf(PersistentList<int> collection, int item, int index, int count, IEqualityComparer<int>? comparer) => collection.IndexOf(item, index, count, comparer);

    public int LastIndexOf(PersistentList<int> collection, int item) => collection.LastIndexOf(item);

    public int LastIndexOf(PersistentList<int> collection, int item, int index, int count, IEqualityComparer<int>? comparer) => collection.LastIndexOf(item, index, count, comparer);

    public PersistentList<int> GetRange(PersistentList<int> collection, int index, int count) => collection.GetRange(index, count);

    public PersistentList<int> Slice(PersistentList<int> collection, int start, int length) => collection.Slice(start, length);

    public void CopyTo(PersistentList<int> collection, int[] array) => collection.CopyTo(array);

    public void CopyTo(PersistentList<int> collection, int index, int[] array, int arrayIndex, int count) => collection.CopyTo(index, array, arrayIndex, count);

    public void CopyTo(PersistentList<int> collection, Span<int> destination) => collection.CopyTo(destination);

    public PersistentList<int> Sort(PersistentList<int> collection, int index, int count, IComparer<int>? comparer) => collection.Sort(index, count, comparer);

    public PersistentList<int> Reverse(PersistentList<int> collection, int index, int count) => collection.Reverse(index, count);
}

/// <summary>The builder: every member is its own; range edits change it in place.</summary>
public sealed partial class BuilderAdapter
{
    public int Find(PersistentList<int>.Builder collection, Predicate<int> match) => collection.Find(match);

    public int FindLast(PersistentList<int>.Builder collection, Predicate<int> match) => collection.FindLast(match);

    public PersistentList<int> FindAll(PersistentList<int>.Builder collection, Predicate<int> match) => collection.FindAll(match);

    public int FindIndex(PersistentList<int>.Builder collection, Predicate<int> match) => collection.FindIndex(match);

    public int FindIndex(PersistentList<int>.Builder collection, int startIndex, Predicate<int> match) => collection.FindIndex(startIndex, match);

    public int FindIndex(PersistentList<int>.Builder collection, int startIndex, int count, Predicate<int> match) => collection.FindIndex(startIndex, count, match);

    public int FindLastIndex(PersistentList<int>.Builder collection, Predicate<int> match) => collection.FindLastIndex(match);

    public int FindLastIndex(PersistentList<int>.Builder collection, int startIndex, Predicate<int> match) => collection.FindLastIndex(startIndex, match);

    public int FindLastIndex(PersistentList<int>.Builder collection, int startIndex, int count, Predicate<int> match) => collection.FindLastIndex(startIndex, count, match);

    public bool Exists(PersistentList<int>.Builder collection, Predicate<int> match) => collection.Exists(match);

    public bool TrueForAll(PersistentList<int>.Builder collection, Predicate<int> match) => collection.TrueForAll(match);

    public PersistentList<string> ConvertAll(PersistentList<int>.Builder collection, Func<int, string> converter) => collection.ConvertAll(converter);

    public int BinarySearch(PersistentList<int>.Builder collection, int item) => collection.BinarySearch(item);

    public int BinarySearch(PersistentList<int>.Builder collection, int item, IComparer<int>? comparer) => collection.BinarySearch(item, comparer);

    public int BinarySearch(PersistentList<int>.Builder collection, int index, int count, int item, IComparer<int>? comparer) => collection.BinarySearch(index, count, item, comparer);

    public int IndexOf(PersistentList<int>.Builder collection, int item, int index, int count, IEqualityComparer<int>? comparer) => collection.IndexOf(item, index, count, comparer);

    public int LastIndexOf(PersistentList<int>.Builder collection, int item) => collection.LastIndexOf(item);

    public int LastIndexOf(PersistentList<int>.Builder collection, int item, int index, int count, IEqualityComparer<int>? comparer) => collection.LastIndexOf(item, index, count, comparer);

    public PersistentList<int> GetRange(PersistentList<int>.Builder collection, int index, int count) => collection.GetRange(index, count);

    public PersistentList<int> Slice(PersistentList<int>.Builder collection, int start, int length) => collection.Slice(start, length);

    public void CopyTo(PersistentList<int>.Builder collection, int[] array) => collection.CopyTo(array);

    public void CopyTo(PersistentList<int>.Builder collection, int index, int[] array, int arrayIndex, int count) => collection.CopyTo(index, array, arrayIndex, count);

    public void CopyTo(PersistentList<int>.Builder collection, Span<int> destination) => collection.CopyTo(destination);

    public PersistentList<int>.Builder Sort(PersistentList<int>.Builder collection, int index, int count, IComparer<int>? comparer)
    {
        collection.Sort(index, count, comparer);
        return collection;
    }

    public PersistentList<int>.Builder Reverse(PersistentList<int>.Builder collection, int index, int count)
    {
        collection.Reverse(index, count);
        return collection;
    }
}

/// <summary>The container has none of these members: reads go through its Snapshot, range edits through Update.</summary>
public sealed partial class CopyOnWriteListAdapter
{
    public int Find(CopyOnWriteList<int> collection, Predicate<int> match) => collection.Snapshot.Find(match);

    public int FindLast(CopyOnWriteList<int> collection, Predicate<int> match) => collection.Snapshot.FindLast(match);

    public PersistentList<int> FindAll(CopyOnWriteList<int> collection, Predicate<int> match) => collection.Snapshot.FindAll(match);

    public int FindIndex(CopyOnWriteList<int> collection, Predicate<int> match) => collection.Snapshot.FindIndex(match);

    public int FindIndex(CopyOnWriteList<int> collection, int startIndex, Predicate<int> match) => collection.Snapshot.FindIndex(startIndex, match);

    public int FindIndex(CopyOnWriteList<int> collection, int startIndex, int count, Predicate<int> match) => collection.Snapshot.FindIndex(startIndex, count, match);

    public int FindLastIndex(CopyOnWriteList<int> collection, Predicate<int> match) => collection.Snapshot.FindLastIndex(match);

    public int FindLastIndex(CopyOnWriteList<int> collection, int startIndex, Predicate<int> match) => collection.Snapshot.FindLastIndex(startIndex, match);

    public int FindLastIndex(CopyOnWriteList<int> collection, int startIndex, int count, Predicate<int> match) => collection.Snapshot.FindLastIndex(startIndex, count, match);

    public bool Exists(CopyOnWriteList<int> collection, Predicate<int> match) => collection.Snapshot.Exists(match);

    public bool TrueForAll(CopyOnWriteList<int> collection, Predicate<int> match) => collection.Snapshot.TrueForAll(match);

    public PersistentList<string> ConvertAll(CopyOnWriteList<int> collection, Func<int, string> converter) => collection.Snapshot.ConvertAll(converter);

    public int BinarySearch(CopyOnWriteList<int> collection, int item) => collection.Snapshot.BinarySearch(item);

    public int BinarySearch(CopyOnWriteList<int> collection, int item, IComparer<int>? comparer) => collection.Snapshot.BinarySearch(item, comparer);

    public int BinarySearch(CopyOnWriteList<int> collection, int index, int count, int item, IComparer<int>? comparer) => collection.Snapshot.BinarySearch(index, count, item, comparer);

    public int IndexOf(CopyOnWriteList<int> collection, int item, int index, int count, IEqualityComparer<int>? comparer) => collection.Snapshot.IndexOf(item, index, count, comparer);

    public int LastIndexOf(CopyOnWriteList<int> collection, int item) => collection.Snapshot.LastIndexOf(item);

    public int LastIndexOf(CopyOnWriteList<int> collection, int item, int index, int count, IEqualityComparer<int>? comparer) => collection.Snapshot.LastIndexOf(item, index, count, comparer);

    public PersistentList<int> GetRange(CopyOnWriteList<int> collection, int index, int count) => collection.Snapshot.GetRange(index, count);

    public PersistentList<int> Slice(CopyOnWriteList<int> collection, int start, int length) => collection.Snapshot.Slice(start, length);

    public void CopyTo(CopyOnWriteList<int> collection, int[] array) => collection.Snapshot.CopyTo(array);

    public void CopyTo(CopyOnWriteList<int> collection, int index, int[] array, int arrayIndex, int count) => collection.Snapshot.CopyTo(index, array, arrayIndex, count);

    public void CopyTo(CopyOnWriteList<int> collection, Span<int> destination) => collection.Snapshot.CopyTo(destination);

    public CopyOnWriteList<int> Sort(CopyOnWriteList<int> collection, int index, int count, IComparer<int>? comparer)
    {
        collection.Update((index, count, comparer), static (list, arg) => list.Sort(arg.index, arg.count, arg.comparer));
        return collection;
    }

    public CopyOnWriteList<int> Reverse(CopyOnWriteList<int> collection, int index, int count)
    {
        collection.Update((index, count), static (list, arg) => list.Reverse(arg.index, arg.count));
        return collection;
    }
}

/// <summary>
/// The list members added for <c>ImmutableList&lt;T&gt;</c> and <c>List&lt;T&gt;</c> parity (searches, predicates,
/// ranges, the <c>CopyTo</c> overloads, sorting and reversing a range). The value and the builder have them all;
/// the container has none of them, so its adapter reads them through its <c>Snapshot</c> and edits a range through
/// <c>Update</c>, which is how callers reach them. Implemented by the same adapters as <see cref="IListAdapter{TCollection}"/>.
/// </summary>
/// <typeparam name="TCollection">The collection under test.</typeparam>
public interface IListMemberAdapter<TCollection> : IListAdapter<TCollection>
    where TCollection : class
{
    int Find(TCollection collection, Predicate<int> match);

    int FindLast(TCollection collection, Predicate<int> match);

    PersistentList<int> FindAll(TCollection collection, Predicate<int> match);

    int FindIndex(TCollection collection, Predicate<int> match);

    int FindIndex(TCollection collection, int startIndex, Predicate<int> match);

    int FindIndex(TCollection collection, int startIndex, int count, Predicate<int> match);

    int FindLastIndex(TCollection collection, Predicate<int> match);

    int FindLastIndex(TCollection collection, int startIndex, Predicate<int> match);

    int FindLastIndex(TCollection collection, int startIndex, int count, Predicate<int> match);

    bool Exists(TCollection collection, Predicate<int> match);

    bool TrueForAll(TCollection collection, Predicate<int> match);

    PersistentList<string> ConvertAll(TCollection collection, Func<int, string> converter);

    int BinarySearch(TCollection collection, int item);

    int BinarySearch(TCollection collection, int item, IComparer<int>? comparer);

    int BinarySearch(TCollection collection, int index, int count, int item, IComparer<int>? comparer);

    int IndexOf(TCollection collection, int item, int index, int count, IEqualityComparer<int>? comparer);

    int LastIndexOf(TCollection collection, int item);

    int LastIndexOf(TCollection collection, int item, int index, int count, IEqualityComparer<int>? comparer);

    PersistentList<int> GetRange(TCollection collection, int index, int count);

    PersistentList<int> Slice(TCollection collection, int start, int length);

    void CopyTo(TCollection collection, int[] array);

    void CopyTo(TCollection collection, int index, int[] array, int arrayIndex, int count);

    void CopyTo(TCollection collection, Span<int> destination);

    TCollection Sort(TCollection collection, int index, int count, IComparer<int>? comparer);

    TCollection Reverse(TCollection collection, int index, int count);
}
