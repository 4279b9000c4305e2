using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Tests.Conformance;

/// <summary>The list engine (<see cref="ListCore{T, G}"/>) under one geometry, held so an adapter can hand it around.</summary>
internal sealed class EngineList<G>(ListCore<int, G> core)
    where G : struct, ITrieGeometry
{
    public ListCore<int, G> Core = core;
}

/// <summary>
/// The list adapter for the engine itself, with any geometry: with an owner it behaves as a builder (in-place
/// edits, <see cref="ListOpKind.Freeze"/> publishes), without one every operation is persistent and returns a new
/// list. The engine has no searching, sorting or predicate members; those go through its contents and rebuild.
/// </summary>
internal sealed class EngineAdapter<G>(bool transient) : IListAdapter<EngineList<G>>
    where G : struct, ITrieGeometry
{
    /// <summary>The operations the model tests drive the engine with: its own structural edits.</summary>
    public static IReadOnlySet<ListOpKind> Supported { get; } = new HashSet<ListOpKind>
    {
        ListOpKind.Add, ListOpKind.AddRange, ListOpKind.Concat, ListOpKind.ConcatSelf, ListOpKind.Insert,
        ListOpKind.InsertRange, ListOpKind.RemoveAt, ListOpKind.RemoveRange, ListOpKind.SetItem, ListOpKind.Slice,
        ListOpKind.Freeze,
    };

    public bool MutatesInPlace => transient;

    public EngineList<G> Create(int[] items)
    {
        var core = ListCore<int, G>.From(items);
        core.Owner = transient ? new EditToken() : null;
        return new EngineList<G>(core);
    }

    public int Count(EngineList<G> collection) => collection.Core.Count;

    public int Get(EngineList<G> collection, int index) => collection.Core.ItemRef(index);

    public int ItemRef(EngineList<G> collection, int index) => collection.Core.ItemRef(index);

    public List<int> Enumerate(EngineList<G> collection) => [.. collection.Core.ToArray()];

    public int IndexOf(EngineList<G> collection, int item) => collection.Core.IndexOf(item, 0, collection.Core.Count, EqualityComparer<int>.Default);

    public bool Contains(EngineList<G> collection, int item) => IndexOf(collection, item) >= 0;

    public void CopyTo(EngineList<G> collection, int[] array, int arrayIndex) => ((ICollection<int>)collection.Core.ToArray()).CopyTo(array, arrayIndex);

    public int[] ToArray(EngineList<G> collection) => collection.Core.ToArray();

    public IReadOnlyList<int> AsReadOnlyList(EngineList<G> collection) => collection.Core.ToArray();

    /// <summary>The trie check, then indexing against the leaf walk.</summary>
    public void CheckInvariants(EngineList<G> collection)
    {
        var core = collection.Core;
        TrieChecker<int, G>.Check(core);
        var array = core.ToArray();
        for (int i = 0; i < array.Length; i += 1 + (array.Length / 16))
        {
            if (core.ItemRef(i) != array[i])
            {
                throw new InvalidOperationException($"Indexing disagrees with the leaf walk at {i}.");
            }
        }
    }

    public object Mark(EngineList<G> collection) => (collection.Core, collection.Core.ToArray());

    public bool IsUnchangedSince(EngineList<G> collection, object mark)
    {
        var (core, contents) = ((ListCore<int, G>, int[]))mark;
        return collection.Core.Count == core.Count && collection.Core.ToArray().AsSpan().SequenceEqual(contents);
    }

    /// <summary>Runs <paramref name="edit"/> on the list's engine in place (with an owner) or on a frozen copy held by a new list.</summary>
    private EngineList<G> Edit<TArg>(EngineList<G> collection, TArg arg, EditAction<TArg> edit)
    {
        var core = transient ? collection.Core : collection.Core.Frozen();
        edit(ref core, arg);
        if (transient)
        {
            collection.Core = core;
            return collection;
        }

        return new EngineList<G>(core.Frozen());
    }

    private delegate void EditAction<TArg>(ref ListCore<int, G> core, TArg arg);

    private EngineList<G> Rebuild(EngineList<G> collection, Func<List<int>, List<int>> change) =>
        Edit(collection, change, static (ref core, change) =>
        {
            var owner = core.Owner;
            core = ListCore<int, G>.From(change([.. core.ToArray()]).ToArray());
            core.Owner = owner;
        });

    public EngineList<G> Add(EngineList<G> collection, int item) => Edit(collection, item, static (ref core, x) => core.Add(x));

    public EngineList<G> AddRange(EngineList<G> collection, IEnumerable<int> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return AddRangeSpan(collection, items.ToArray());
    }

    public EngineList<G> AddRangeSpan(EngineList<G> collection, ReadOnlySpan<int> items) =>
        Edit(collection, items.ToArray(), static (ref core, array) => core.AddRange(array));

    public EngineList<G> AddRangeList(EngineList<G> collection, PersistentList<int> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Edit(collection, items.ToArray(), static (ref core, array) => core.Concat(ListCore<int, G>.From(array)));
    }

    public EngineList<G> Insert(EngineList<G> collection, int index, int item) =>
        Edit(collection, (index, item), static (ref core, arg) => core.Insert(arg.index, arg.item));

    public EngineList<G> InsertRange(EngineList<G> collection, int index, IEnumerable<int> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return Edit(collection, (index, items.ToArray()), static (ref core, arg) => core.InsertRange(arg.index, ListCore<int, G>.From(arg.Item2)));
    }

    public EngineList<G> RemoveAt(EngineList<G> collection, int index) => Edit(collection, index, static (ref core, i) => core.RemoveAt(i));

    public EngineList<G> RemoveRange(EngineList<G> collection, int index, int count) =>
        Edit(collection, (index, count), static (ref core, arg) => core.RemoveRange(arg.index, arg.count));

    public EngineList<G> Remove(EngineList<G> collection, int item, out bool removed)
    {
        int index = IndexOf(collection, item);
        removed = index >= 0;
        return removed ? RemoveAt(collection, index) : collection;
    }

    public EngineList<G> RemoveAll(EngineList<G> collection, Predicate<int> match, out int removed)
    {
        ArgumentNullException.ThrowIfNull(match);
        int count = 0;
        var result = Rebuild(collection, list =>
        {
            count = list.RemoveAll(match);
            return list;
        });
        removed = count;
        return result;
    }

    public EngineList<G> SetItem(EngineList<G> collection, int index, int value) =>
        Edit(collection, (index, value), static (ref core, arg) => core.SetItem(arg.index, arg.value));

    public EngineList<G> Sort(EngineList<G> collection, IComparer<int>? comparer) => Rebuild(collection, list =>
    {
        list.Sort(comparer);
        return list;
    });

    public EngineList<G> Reverse(EngineList<G> collection) => Rebuild(collection, list =>
    {
        list.Reverse();
        return list;
    });

    public EngineList<G> Clear(EngineList<G> collection) => Rebuild(collection, _ => []);

    /// <summary>Publishes like Builder.ToImmutable, then appends the published copy.</summary>
    public EngineList<G> AddSelf(EngineList<G> collection) =>
        Edit(collection, transient, static (ref core, owned) =>
        {
            var frozen = core.Frozen();
            core = frozen;
            core.Owner = owned ? new EditToken() : null;
            core.Concat(frozen);
        });

    public EngineList<G> KeepRange(EngineList<G> collection, int index, int count) =>
        Edit(collection, (index, count), static (ref core, arg) => core.Slice(arg.index, arg.count));

    /// <summary>Publishes like Builder.ToImmutable: the frozen copy, and a new token for further edits.</summary>
    public EngineList<G> Freeze(EngineList<G> collection, out Func<int[]> version)
    {
        var frozen = collection.Core.Frozen();
        TrieChecker<int, G>.Check(frozen);
        version = () => frozen.ToArray();
        var next = frozen;
        next.Owner = transient ? new EditToken() : null;
        if (transient)
        {
            collection.Core = next;
            return collection;
        }

        return new EngineList<G>(next);
    }
}
