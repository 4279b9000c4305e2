using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;
using CowCollections.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CowCollections.Tests.Conformance;

/// <summary>
/// Model-based tests: random operation sequences against a <see cref="List{T}"/> model, a deep-check of the
/// trie invariants after every step, and the persistence property on every version kept. FsCheck prints the
/// seed of every run (see <see cref="SeededProperty"/>); set COW_REPLAY=seed,gamma to replay it.
/// </summary>
public class ListModelTests(ITestOutputHelper output)
{
    private static readonly int[] DefaultBoundaries = [0, 1, 32, 33, 63, 64, 65, 128, 2047, 2048, 2049, 2112, 2113, 65599, 65600, 65601];
    private static readonly int[] TinyBoundaries = [0, 1, 3, 4, 5, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1023, 1024, 1025, 4096, 4097];

    /// <summary>Weighted operation kinds: structural edits often, whole-list rewrites rarely.</summary>
    private static readonly ListOpKind[] Weighted =
    [
        ListOpKind.Add, ListOpKind.Add, ListOpKind.Add, ListOpKind.AddRange, ListOpKind.AddRange,
        ListOpKind.Concat, ListOpKind.Concat, ListOpKind.ConcatSelf,
        ListOpKind.Insert, ListOpKind.Insert, ListOpKind.Insert, ListOpKind.InsertRange, ListOpKind.InsertRange,
        ListOpKind.RemoveAt, ListOpKind.RemoveAt, ListOpKind.RemoveAt, ListOpKind.RemoveRange, ListOpKind.RemoveRange,
        ListOpKind.SetItem, ListOpKind.SetItem, ListOpKind.Slice, ListOpKind.Slice,
        ListOpKind.Remove, ListOpKind.RemoveAll, ListOpKind.Sort, ListOpKind.Reverse, ListOpKind.Clear,
        ListOpKind.Freeze, ListOpKind.Freeze,
    ];

    public sealed record Scenario(int InitialSize, int SeedValue, ListOp[] Ops)
    {
        public override string ToString() => $"initial {InitialSize}, ops [{string.Join(", ", Ops.Select(o => o.ToString()))}]";
    }

    private static Gen<Scenario> Scenarios(int[] sizes, int maxOps) =>
        from size in Gen.Elements(sizes)
        from seedValue in Gen.Choose(0, 1_000_000)
        from count in Gen.Choose(1, maxOps)
        from ops in Gen.ArrayOf(
            from kind in Gen.Elements(Weighted)
            from a in Gen.Choose(0, int.MaxValue)
            from b in Gen.Choose(0, int.MaxValue)
            from c in Gen.Choose(0, int.MaxValue)
            select new ListOp(kind, a, b, c), count)
        select new Scenario(size, seedValue, ops);

    private void Check<TCollection>(Func<IListAdapter<TCollection>> adapter, IReadOnlySet<ListOpKind> supported, int[] sizes, int maxOps, int tests)
        where TCollection : class =>
        SeededProperty.Check(output, Scenarios(sizes, maxOps), scenario =>
            ListModelRunner.Run(adapter(), supported, scenario.InitialSize, scenario.Ops, scenario.SeedValue), tests);

    [Fact]
    public void PersistentList_matches_the_model_across_size_boundaries() =>
        Check(() => new PersistentListAdapter(), ListModelRunner.AllButFreeze, DefaultBoundaries, maxOps: 40, tests: 250);

    [Fact]
    public void Builder_matches_the_model_and_never_changes_a_published_list() =>
        Check(() => new BuilderAdapter(), ListModelRunner.AllKinds, DefaultBoundaries, maxOps: 40, tests: 250);

    [Fact]
    public void CopyOnWriteList_matches_the_model_and_never_changes_a_published_snapshot() =>
        Check(() => new CopyOnWriteListAdapter(), ListModelRunner.AllKinds, DefaultBoundaries, maxOps: 40, tests: 100);

    [Fact]
    public void Engine_with_2_bit_fanout_matches_the_model_persistently() =>
        Check(() => new EngineAdapter<TinyGeometry>(transient: false), EngineAdapter<TinyGeometry>.Supported, TinyBoundaries, maxOps: 60, tests: 600);

    [Fact]
    public void Engine_with_2_bit_fanout_matches_the_model_in_place() =>
        Check(() => new EngineAdapter<TinyGeometry>(transient: true), EngineAdapter<TinyGeometry>.Supported, TinyBoundaries, maxOps: 60, tests: 600);

    [Fact]
    public void Engine_with_leaves_wider_than_nodes_matches_the_model_persistently() =>
        Check(() => new EngineAdapter<TinyWideLeafGeometry>(transient: false), EngineAdapter<TinyWideLeafGeometry>.Supported, TinyBoundaries, maxOps: 60, tests: 300);

    [Fact]
    public void Engine_with_leaves_wider_than_nodes_matches_the_model_in_place() =>
        Check(() => new EngineAdapter<TinyWideLeafGeometry>(transient: true), EngineAdapter<TinyWideLeafGeometry>.Supported, TinyBoundaries, maxOps: 60, tests: 300);

    [Fact]
    public void Engine_with_2_bit_fanout_reaches_depth_6_and_stays_consistent_there()
    {
        var core = ListCore<int, TinyGeometry>.Empty;
        for (int i = 0; i < 6000; i++)
        {
            core.Add(i);
        }

        Assert.True(core.Shift / TinyGeometry.Bits >= 6, $"height {core.Shift / TinyGeometry.Bits}");
        TrieChecker<int, TinyGeometry>.Check(core);
        var random = new Random(42);
        var model = Enumerable.Range(0, 6000).ToList();
        for (int step = 0; step < 400; step++)
        {
            int i = random.Next(model.Count);
            if (step % 2 == 0)
            {
                core.Insert(i, -step);
                model.Insert(i, -step);
            }
            else
            {
                core.RemoveAt(i);
                model.RemoveAt(i);
            }

            if (step % 40 == 0)
            {
                TrieChecker<int, TinyGeometry>.Check(core);
            }
        }

        TrieChecker<int, TinyGeometry>.Check(core);
        Assert.Equal(model, core.ToArray());
    }
}
