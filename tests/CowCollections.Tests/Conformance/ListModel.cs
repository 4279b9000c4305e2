using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;

namespace CowCollections.Tests.Conformance;

/// <summary>The operations the model-based list tests generate, before they are bound to a size.</summary>
public enum ListOpKind
{
    Add,
    AddRange,
    Concat,
    ConcatSelf,
    Insert,
    InsertRange,
    RemoveAt,
    RemoveRange,
    SetItem,
    Slice,
    Remove,
    RemoveAll,
    Sort,
    Reverse,
    Clear,
    Freeze,
}

/// <summary>A generated operation: its random parameters are reduced modulo the current size when applied.</summary>
public sealed record ListOp(ListOpKind Kind, int A, int B, int C)
{
    public override string ToString() => $"{Kind}({A},{B},{C})";
}

/// <summary>An operation bound to a concrete list size (indices valid, items materialized).</summary>
public readonly record struct BoundOp(ListOpKind Kind, int Index, int Count, int Value, int[] Items);

/// <summary>
/// Runs a generated operation sequence against any list adapter (the same <see cref="IListAdapter{TCollection}"/>
/// the conformance suites use) and a <see cref="List{T}"/> model: a deep-check after every step, and the
/// persistence property on every version kept (each result of a value, each <see cref="ListOpKind.Freeze"/> of a
/// builder, container or in-place engine).
/// </summary>
public static class ListModelRunner
{
    /// <summary>Every operation kind; a value has nothing to freeze, so it skips <see cref="ListOpKind.Freeze"/>.</summary>
    public static IReadOnlySet<ListOpKind> AllKinds { get; } = Enum.GetValues<ListOpKind>().ToHashSet();

    public static IReadOnlySet<ListOpKind> AllButFreeze { get; } = Enum.GetValues<ListOpKind>().Where(k => k != ListOpKind.Freeze).ToHashSet();

    public static void Run<TCollection>(IListAdapter<TCollection> adapter, IReadOnlySet<ListOpKind> supported, int initialSize, IReadOnlyList<ListOp> ops, int seedValue)
        where TCollection : class
    {
        var model = new List<int>(Enumerable.Range(seedValue, initialSize));
        var collection = adapter.AddRangeSpan(adapter.Create([]), model.ToArray());
        var versions = new List<(Func<int[]> Read, int[] Expected)>();
        int next = seedValue + initialSize;
        int step = 0;
        foreach (var op in ops)
        {
            step++;
            if (!supported.Contains(op.Kind))
            {
                continue;
            }

            var bound = Bind(op, model, ref next);
            var previous = collection;
            int[] previousContents = adapter.MutatesInPlace ? [] : adapter.ToArray(previous);
            collection = Apply(adapter, collection, bound, out var frozen);
            ApplyToModel(bound, model);
            int[] actual;
            try
            {
                actual = CheckAndRead(adapter, collection);
                if (!adapter.MutatesInPlace)
                {
                    CheckSequenceEqual(previous, previousContents, collection, actual);
                }
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"Step {step} ({op}, bound {bound.Kind} i={bound.Index} n={bound.Count}): {e.Message}", e);
            }

            if (!actual.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(model)))
            {
                throw new InvalidOperationException($"Step {step} ({op}): contents differ from the model: count {actual.Length} vs {model.Count}, first difference at {FirstDifference(actual, model)}.");
            }

            if (frozen is not null)
            {
                versions.Add((frozen, model.ToArray()));
            }
            else if (!adapter.MutatesInPlace)
            {
                var kept = collection;
                versions.Add((() => adapter.ToArray(kept), model.ToArray()));
            }
        }

        for (int v = 0; v < versions.Count; v++)
        {
            var (read, expected) = versions[v];
            if (!read().AsSpan().SequenceEqual(expected))
            {
                throw new InvalidOperationException($"Persistence broken: kept version {v} no longer reads as it did.");
            }
        }
    }

    private static TCollection Apply<TCollection>(IListAdapter<TCollection> adapter, TCollection collection, in BoundOp op, out Func<int[]>? frozen)
        where TCollection : class
    {
        frozen = null;
        switch (op.Kind)
        {
            case ListOpKind.Add: return adapter.Add(collection, op.Value);
            case ListOpKind.AddRange: return adapter.AddRangeSpan(collection, op.Items);
            case ListOpKind.Concat: return adapter.AddRangeList(collection, PersistentList.Create<int>(op.Items.AsSpan()));
            case ListOpKind.ConcatSelf: return adapter.AddSelf(collection);
            case ListOpKind.Insert: return adapter.Insert(collection, op.Index, op.Value);
            case ListOpKind.InsertRange:
                return op.Items.Length % 2 == 0
                    ? adapter.InsertRange(collection, op.Index, PersistentList.Create<int>(op.Items.AsSpan()))
                    : adapter.InsertRange(collection, op.Index, (IEnumerable<int>)op.Items);
            case ListOpKind.RemoveAt: return adapter.RemoveAt(collection, op.Index);
            case ListOpKind.RemoveRange: return adapter.RemoveRange(collection, op.Index, op.Count);
            case ListOpKind.SetItem: return adapter.SetItem(collection, op.Index, op.Value);
            case ListOpKind.Slice: return adapter.KeepRange(collection, op.Index, op.Count);
            case ListOpKind.Remove: return adapter.Remove(collection, op.Value, out _);
            case ListOpKind.RemoveAll:
            {
                int m = op.Value;
                return adapter.RemoveAll(collection, x => x % m == 0, out _);
            }

            case ListOpKind.Sort: return adapter.Sort(collection, null);
            case ListOpKind.Reverse: return adapter.Reverse(collection);
            case ListOpKind.Clear: return adapter.Clear(collection);
            case ListOpKind.Freeze:
            {
                var result = adapter.Freeze(collection, out var version);
                frozen = version;
                return result;
            }

            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    /// <summary>Deep-checks the invariants, then reads the contents by ToArray and by enumeration and checks they agree.</summary>
    private static int[] CheckAndRead<TCollection>(IListAdapter<TCollection> adapter, TCollection collection)
        where TCollection : class
    {
        adapter.CheckInvariants(collection);
        var array = adapter.ToArray(collection);
        if (array.Length != adapter.Count(collection) || !adapter.Enumerate(collection).AsEnumerable().SequenceEqual(array))
        {
            throw new InvalidOperationException("Enumeration, Count and ToArray disagree.");
        }

        return array;
    }

    /// <summary>For a value, SequenceEqual (which skips shared subtrees) against the previous version and a rebuilt copy.</summary>
    private static void CheckSequenceEqual<TCollection>(TCollection previous, int[] previousContents, TCollection current, int[] contents)
        where TCollection : class
    {
        if (previous is not PersistentList<int> before || current is not PersistentList<int> list)
        {
            return;
        }

        bool expected = previousContents.AsSpan().SequenceEqual(contents);
        if (list.SequenceEqual(before) != expected || before.SequenceEqual(list) != expected)
        {
            throw new InvalidOperationException($"SequenceEqual with the previous version should be {expected}.");
        }

        if (!list.SequenceEqual(PersistentList.Create<int>(contents)))
        {
            throw new InvalidOperationException("SequenceEqual with a rebuilt copy should be true.");
        }
    }

    private static int FirstDifference(int[] actual, List<int> model)
    {
        int n = Math.Min(actual.Length, model.Count);
        for (int i = 0; i < n; i++)
        {
            if (actual[i] != model[i])
            {
                return i;
            }
        }

        return n;
    }

    private static int[] Fresh(int count, ref int next)
    {
        var items = new int[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = next++;
        }

        return items;
    }

    private static BoundOp Bind(ListOp op, List<int> model, ref int next)
    {
        int n = model.Count;
        int Index(int r) => n == 0 ? 0 : r % n;
        int Position(int r) => r % (n + 1);
        int Big(int r) => (r & 7) == 0 && n < 20_000 ? r % 3000 : r % 70;
        switch (op.Kind)
        {
            case ListOpKind.Add:
                return new BoundOp(op.Kind, n, 1, next++, []);
            case ListOpKind.AddRange:
                return new BoundOp(op.Kind, n, 0, 0, Fresh(Big(op.A), ref next));
            case ListOpKind.Concat:
                return new BoundOp(op.Kind, n, 0, 0, Fresh(Big(op.A) + (op.B % 4 == 0 && n < 20_000 ? 2000 : 0), ref next));
            case ListOpKind.ConcatSelf when n > 20_000:
                return new BoundOp(ListOpKind.Slice, n / 4, n / 2, 0, []);
            case ListOpKind.ConcatSelf:
            case ListOpKind.Sort:
            case ListOpKind.Reverse:
            case ListOpKind.Clear:
            case ListOpKind.Freeze:
                return new BoundOp(op.Kind, 0, n, 0, []);
            case ListOpKind.Insert:
                return new BoundOp(op.Kind, Position(op.A), 1, next++, []);
            case ListOpKind.InsertRange:
                return new BoundOp(op.Kind, Position(op.A), 0, 0, Fresh(Big(op.B), ref next));
            case ListOpKind.RemoveAt:
            case ListOpKind.SetItem:
                return n == 0 ? new BoundOp(ListOpKind.Add, 0, 1, next++, []) : new BoundOp(op.Kind, Index(op.A), 1, next++, []);
            case ListOpKind.RemoveRange:
            case ListOpKind.Slice:
            {
                int index = Position(op.A);
                int count = (op.B & 1) == 0 ? op.C % (n - index + 1) : Math.Min(n - index, op.C % 40);
                return new BoundOp(op.Kind, index, count, 0, []);
            }

            case ListOpKind.Remove:
                return new BoundOp(op.Kind, 0, 0, n == 0 ? -1 : model[Index(op.A)], []);
            case ListOpKind.RemoveAll:
                return new BoundOp(op.Kind, 0, 0, 2 + (op.A % 7), []);
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    private static void ApplyToModel(in BoundOp op, List<int> model)
    {
        switch (op.Kind)
        {
            case ListOpKind.Add:
                model.Add(op.Value);
                break;
            case ListOpKind.AddRange:
            case ListOpKind.Concat:
                model.AddRange(op.Items);
                break;
            case ListOpKind.ConcatSelf:
                model.AddRange(model.ToArray());
                break;
            case ListOpKind.Insert:
                model.Insert(op.Index, op.Value);
                break;
            case ListOpKind.InsertRange:
                model.InsertRange(op.Index, op.Items);
                break;
            case ListOpKind.RemoveAt:
                model.RemoveAt(op.Index);
                break;
            case ListOpKind.RemoveRange:
                model.RemoveRange(op.Index, op.Count);
                break;
            case ListOpKind.SetItem:
                model[op.Index] = op.Value;
                break;
            case ListOpKind.Slice:
            {
                var kept = model.GetRange(op.Index, op.Count);
                model.Clear();
                model.AddRange(kept);
                break;
            }

            case ListOpKind.Remove:
                model.Remove(op.Value);
                break;
            case ListOpKind.RemoveAll:
            {
                int m = op.Value;
                model.RemoveAll(x => x % m == 0);
                break;
            }

            case ListOpKind.Sort:
                model.Sort();
                break;
            case ListOpKind.Reverse:
                model.Reverse();
                break;
            case ListOpKind.Clear:
                model.Clear();
                break;
            case ListOpKind.Freeze:
                break;
        }
    }
}
