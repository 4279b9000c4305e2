using System.Collections;
using System.Collections.Immutable;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// PersistentList and PersistentArray contracts compared with ImmutableList, ImmutableArray and List&lt;T&gt;
/// on the same inputs: LastIndexOf on an empty collection, RemoveRange and AddRange on the empty list.
/// </summary>
public sealed class SequenceContractTests
{
    private static readonly IEqualityComparer<int> Comparer = EqualityComparer<int>.Create((x, y) => x == y, x => x);

    /// <summary>The result of <paramref name="call"/>, or the type and parameter name of what it threw.</summary>
    private static string Outcome(Func<object?> call)
    {
        try
        {
            return "returned " + call();
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name} ({(e as ArgumentException)?.ParamName})";
        }
    }

    [Fact]
    public void LastIndexOf_OnEmpty_FromZeroOverZero_ReturnsMinusOne_LikeListImmutableListAndImmutableArray()
    {
        Assert.Equal(-1, new List<int>().LastIndexOf(5, 0, 0));
        Assert.Equal(-1, ImmutableList<int>.Empty.LastIndexOf(5, 0, 0, Comparer));
        Assert.Equal(-1, ImmutableArray<int>.Empty.LastIndexOf(5, 0, 0, Comparer));
        Assert.Equal(-1, ImmutableList.CreateBuilder<int>().LastIndexOf(5, 0, 0, Comparer));
        Assert.Equal(-1, ImmutableArray.CreateBuilder<int>().LastIndexOf(5, 0, 0, Comparer));

        Assert.Equal(-1, PersistentList<int>.Empty.LastIndexOf(5, 0, 0, Comparer));
        Assert.Equal(-1, PersistentList<int>.Empty.LastIndexOf(5, 0, 0, null));
        Assert.Equal(-1, PersistentArray<int>.Empty.LastIndexOf(5, 0, 0, Comparer));
        Assert.Equal(-1, PersistentArray<int>.Empty.LastIndexOf(5, 0, 0, null));
        Assert.Equal(-1, new CopyOnWriteList<int>().Snapshot.LastIndexOf(5, 0, 0, Comparer));
    }

    [Fact]
    public void LastIndexOf_OnEmpty_EveryOverload_MatchesImmutableList()
    {
        // The IImmutableList<T> extension overloads funnel into LastIndexOf(item, index, count, comparer).
        IImmutableList<int>[] ours = [PersistentList<int>.Empty, PersistentArray<int>.Empty];
        IImmutableList<int> oracle = ImmutableList<int>.Empty;
        foreach (var list in ours)
        {
            Assert.Equal(Outcome(() => oracle.LastIndexOf(5)), Outcome(() => list.LastIndexOf(5)));
            Assert.Equal(Outcome(() => oracle.LastIndexOf(5, Comparer)), Outcome(() => list.LastIndexOf(5, Comparer)));
            Assert.Equal(Outcome(() => oracle.LastIndexOf(5, 0)), Outcome(() => list.LastIndexOf(5, 0)));
            Assert.Equal(Outcome(() => oracle.LastIndexOf(5, 0, 0)), Outcome(() => list.LastIndexOf(5, 0, 0)));
            Assert.Equal(Outcome(() => oracle.LastIndexOf(5, 0, 0, Comparer)), Outcome(() => list.LastIndexOf(5, 0, 0, Comparer)));
        }

        Assert.Equal(Outcome(() => ImmutableList<int>.Empty.LastIndexOf(5)), Outcome(() => PersistentList<int>.Empty.LastIndexOf(5)));
        Assert.Equal(Outcome(() => ImmutableArray<int>.Empty.LastIndexOf(5)), Outcome(() => PersistentArray<int>.Empty.LastIndexOf(5)));
    }

    [Fact]
    public void LastIndexOf_OnANonEmptyList_KeepsItsRangeChecks()
    {
        var list = PersistentList.Create(1, 2, 3);
        var array = PersistentArray.Create<int>([1, 2, 3]);
        Assert.Equal(-1, list.LastIndexOf(3, 0, 0, null));
        Assert.Equal(-1, array.LastIndexOf(3, 0, 0, null));
        Assert.Equal(2, list.LastIndexOf(3, 2, 3, null));
        Assert.Equal(2, array.LastIndexOf(3, 2, 3, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.LastIndexOf(3, 3, 0, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.LastIndexOf(3, 3, 0, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.LastIndexOf(3, 1, 3, null));
    }

    [Fact]
    public void EmptyRemoveRange_DoesNotEnumerateItems_LikeImmutableList()
    {
        var oracle = ImmutableList<int>.Empty;
        Assert.Same(oracle, oracle.RemoveRange(new ThrowingEnumerable()));
        Assert.Same(oracle, oracle.RemoveRange(new ThrowingEnumerable(), Comparer));

        Assert.Same(PersistentList<int>.Empty, PersistentList<int>.Empty.RemoveRange(new ThrowingEnumerable()));
        Assert.Same(PersistentList<int>.Empty, PersistentList<int>.Empty.RemoveRange(new ThrowingEnumerable(), Comparer));
        Assert.Same(PersistentList<int>.Empty, ((IImmutableList<int>)PersistentList<int>.Empty).RemoveRange(new ThrowingEnumerable(), Comparer));

        // A null sequence is still rejected first, as ImmutableList does.
        Assert.Equal(Outcome(() => oracle.RemoveRange(null!)), Outcome(() => PersistentList<int>.Empty.RemoveRange(null!)));
    }

    [Fact]
    public void EmptyAddRange_OfAList_ReturnsIt_LikeImmutableList()
    {
        var oracle = ImmutableList.Create(1, 2, 3);
        Assert.Same(oracle, ImmutableList<int>.Empty.AddRange(oracle));
        Assert.Same(oracle, ((IImmutableList<int>)ImmutableList<int>.Empty).AddRange(oracle));

        var ours = PersistentList.Create(1, 2, 3);
        Assert.Same(ours, PersistentList<int>.Empty.AddRange(ours));
        Assert.Same(ours, PersistentList<int>.Empty.AddRange((IEnumerable<int>)ours));
        Assert.Same(ours, ((IImmutableList<int>)PersistentList<int>.Empty).AddRange(ours));
        Assert.Same(ours, PersistentList.CreateRange(ours));
    }

    [Fact]
    public void EmptyAddRange_OfABuilder_ReturnsItsResult_LikeImmutableList()
    {
        var oracleBuilder = ImmutableList.CreateRange(Enumerable.Range(0, 100)).ToBuilder();
        oracleBuilder.Add(-1);
        Assert.Same(oracleBuilder.ToImmutable(), ImmutableList<int>.Empty.AddRange(oracleBuilder));
        Assert.Same(oracleBuilder.ToImmutable(), ImmutableList.CreateRange(oracleBuilder));

        var builder = PersistentList.CreateRange(Enumerable.Range(0, 100)).ToBuilder();
        builder.Add(-1);
        Assert.Same(builder.ToImmutable(), PersistentList<int>.Empty.AddRange(builder));
        Assert.Same(builder.ToImmutable(), ((IImmutableList<int>)PersistentList<int>.Empty).AddRange(builder));
        Assert.Same(builder.ToImmutable(), PersistentList.CreateRange(builder));
        Assert.Equal(oracleBuilder, builder);
    }

    /// <summary>A sequence that fails the test if anything enumerates it.</summary>
    private sealed class ThrowingEnumerable : IEnumerable<int>
    {
        public IEnumerator<int> GetEnumerator() => throw new InvalidOperationException("The sequence was enumerated.");

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
