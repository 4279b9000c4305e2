using CowCollections.Internal.Champ;

namespace CowCollections.Tests.Set;

/// <summary>
/// Set operations between versions take shared subtrees whole or skip them: shown on the trie's root-level
/// children (reference equality), and by counting comparer calls, which stay far below n for large derived versions
/// (an element-by-element implementation would call the comparer at least n times).
/// </summary>
public sealed class SetSharingTests
{
    private const int Large = 100_000;

    private static PersistentHashSet<int> Build(int n, IEqualityComparer<int>? comparer = null) =>
        PersistentHashSet.CreateRange(comparer, Enumerable.Range(0, n));

    /// <summary>How many root-level children of <paramref name="a"/> are not the very same node as <paramref name="b"/>'s in that slot.</summary>
    private static int DifferingRootChildren(ChampNode<int, ChampUnit> a, ChampNode<int, ChampUnit> b)
    {
        Assert.Equal(b.NodeMap, a.NodeMap);
        var an = a.Nodes;
        var bn = b.Nodes;
        Assert.True(an.Length >= 16, "the root should have many children");
        return an.Where((node, i) => !ReferenceEquals(node, bn[i])).Count();
    }

    [Fact]
    public void Union_with_a_version_that_has_k_more_elements_keeps_every_untouched_root_child()
    {
        var s = Build(20_000);
        var t = s.Add(-1).Add(-2).Add(-3);
        var u = s.Union(t);
        SetCheck.Deep(u);
        Assert.True(u.SetEquals(t));
        Assert.InRange(DifferingRootChildren(u, s.Root), 1, 3);
        Assert.InRange(DifferingRootChildren(u, t.Root), 0, 3);
        Assert.Same(s, s.Union(s.Remove(5)));
    }

    private static int DifferingRootChildren(PersistentHashSet<int> a, ChampNode<int, ChampUnit> b) => DifferingRootChildren(a.Root, b);

    [Fact]
    public void Intersect_with_a_version_less_one_element_shares_all_but_one_path()
    {
        var s = Build(20_000);
        var r = s.Remove(12_345);
        var i = s.Intersect(r);
        SetCheck.Deep(i);
        Assert.Equal(r.Count, i.Count);
        Assert.Equal(1, DifferingRootChildren(i, s.Root));
        Assert.Equal(0, DifferingRootChildren(i, r.Root));
    }

    [Fact]
    public void Union_of_an_empty_set_with_a_set_takes_the_other_root_whole()
    {
        var t = Build(1000);
        Assert.Same(t.Root, PersistentHashSet<int>.Empty.Union(t).Root);
        var b = PersistentHashSet.CreateBuilder<int>();
        b.UnionWith(t);
        Assert.Same(t.Root, b.ToImmutable().Root);
        Assert.Same(t.Root, PersistentHashSet<int>.Empty.SymmetricExcept(t).Root);
    }

    [Fact]
    public void Except_and_SymmetricExcept_of_near_versions_keep_untouched_root_children()
    {
        var s = Build(20_000);
        var t = s.Remove(7).Add(-7);
        var e = s.SymmetricExcept(t);
        SetCheck.Deep(e);
        Assert.True(e.SetEquals([7, -7]));
        var big = s.Add(-1);
        var x = big.Except(s.Remove(3).Remove(4).Add(-2));
        Assert.True(x.SetEquals([-1, 3, 4]));
        var kept = s.Except(Enumerable.Range(0, 5));
        Assert.InRange(DifferingRootChildren(kept, s.Root), 1, 5);
    }

    [Fact]
    public void Comparisons_of_large_derived_versions_make_far_fewer_comparer_calls_than_n()
    {
        var comparer = new CountingIntComparer();
        var s = Build(Large, comparer);
        var same = s.Add(-1).Remove(-1);
        var edited = s.Remove(10).Remove(20_000).Add(-5).Add(-6);
        var plus = s.Add(-9);
        var minus = s.Remove(99);
        Assert.NotSame(s.Root, same.Root);

        (string Name, Func<object> Run, object Expected)[] cases =
        [
            ("SetEquals", () => s.SetEquals(same), true),
            ("SetEquals (edited)", () => s.SetEquals(edited), false),
            ("IsSubsetOf", () => s.IsSubsetOf(plus), true),
            ("IsProperSupersetOf", () => s.IsProperSupersetOf(minus), true),
            ("IsSupersetOf (edited)", () => s.IsSupersetOf(edited), false),
            ("Overlaps", () => s.Overlaps(edited), true),
            ("Union", () => s.Union(edited).Count, Large + 2),
            ("Intersect", () => s.Intersect(edited).Count, Large - 2),
            ("Except", () => s.Except(edited).Count, 2),
            ("SymmetricExcept", () => s.SymmetricExcept(edited).Count, 4),
            ("Diff", () => s.Diff(edited).Count, 4),
        ];
        foreach (var (name, run, expected) in cases)
        {
            comparer.Calls = 0;
            var result = run();
            Assert.Equal(expected, result);
            if (comparer.Calls > 2_000)
            {
                Assert.Fail($"{name} made {comparer.Calls} comparer calls between versions of {Large} that differ in a few elements: shared subtrees were walked");
            }
        }

        var builder = s.ToBuilder();
        comparer.Calls = 0;
        builder.UnionWith(edited);
        builder.IntersectWith(plus);
        Assert.Equal(Large, builder.Count);
        Assert.True(comparer.Calls < 2_000, $"the builder made {comparer.Calls} comparer calls");
    }
}
