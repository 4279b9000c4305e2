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
/// One implementation under test: applies bound operations and exposes a frozen version after each step,
/// so the runner can check the persistence property on every version it kept.
/// </summary>
public interface IListDriver
{
    IReadOnlySet<ListOpKind> Supported { get; }

    void Apply(in BoundOp op);

    /// <summary>Deep-checks the invariants and returns the current contents.</summary>
    int[] CheckAndRead();

    /// <summary>A frozen version of the current contents (its own reader), or null when none is available now.</summary>
    Func<int[]>? Version();
}

/// <summary>Runs a generated operation sequence against a driver and a <see cref="List{T}"/> model.</summary>
public static class ListModelRunner
{
    public static void Run(IListDriver driver, int initialSize, IReadOnlyList<ListOp> ops, int seedValue)
    {
        var model = new List<int>(Enumerable.Range(seedValue, initialSize));
        driver.Apply(new BoundOp(ListOpKind.AddRange, 0, initialSize, 0, model.ToArray()));
        var versions = new List<(Func<int[]> Read, int[] Expected)>();
        int next = seedValue + initialSize;
        int step = 0;
        foreach (var op in ops)
        {
            step++;
            if (!driver.Supported.Contains(op.Kind))
            {
                continue;
            }

            var bound = Bind(op, model, ref next);
            driver.Apply(bound);
            ApplyToModel(bound, model);
            int[] actual;
            try
            {
                actual = driver.CheckAndRead();
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"Step {step} ({op}, bound {bound.Kind} i={bound.Index} n={bound.Count}): {e.Message}", e);
            }

            if (!actual.AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(model)))
            {
                throw new InvalidOperationException($"Step {step} ({op}): contents differ from the model: count {actual.Length} vs {model.Count}, first difference at {FirstDifference(actual, model)}.");
            }

            if (driver.Version() is { } reader)
            {
                versions.Add((reader, model.ToArray()));
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
