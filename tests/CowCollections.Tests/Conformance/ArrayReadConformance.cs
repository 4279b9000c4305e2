using System.Collections;
using CowCollections.Tests.Arrays;

namespace CowCollections.Tests.Conformance;

/// <summary>
/// Read-side conformance of every array-shaped type (the value, its builder, the container) through
/// <see cref="IReadOnlyList{T}"/>. The lengths cross the chunk boundaries of <c>int</c> (256 per chunk) and
/// the point where the chunk directory grows a trie (32 chunks = 8192).
/// </summary>
public abstract class ArrayReadConformance
{
    public static TheoryData<int> Lengths => new() { 0, 1, 2, 255, 256, 257, 511, 512, 513, 8191, 8192, 8193, 20_000 };

    /// <summary>A collection holding exactly <paramref name="items"/>, in order.</summary>
    protected abstract IReadOnlyList<int> Create(int[] items);

    private static int[] Items(int length) => Enumerable.Range(0, length).Select(i => i * 3 + 1).ToArray();

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Count_and_indexer_match_the_items(int length)
    {
        var items = Items(length);
        var c = Create(items);
        Assert.Equal(length, c.Count);
        for (int i = 0; i < length; i++)
        {
            Assert.Equal(items[i], c[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Generic_and_non_generic_enumeration_yield_the_items_in_order(int length)
    {
        var items = Items(length);
        var c = Create(items);
        Assert.Equal(items, c.ToArray());
        var boxed = new List<int>();
        foreach (var x in (IEnumerable)c)
        {
            boxed.Add((int)x!);
        }

        Assert.Equal(items, boxed);
        Assert.Equal(items, c.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(9000)]
    public void Indexer_out_of_range_throws_ArgumentOutOfRangeException(int length)
    {
        var c = Create(Items(length));
        Assert.Throws<ArgumentOutOfRangeException>(() => c[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => c[length]);
        Assert.Throws<ArgumentOutOfRangeException>(() => c[int.MinValue]);
        Assert.Throws<ArgumentOutOfRangeException>(() => c[int.MaxValue]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(600)]
    public void Enumerator_reset_restarts_and_end_is_sticky(int length)
    {
        var items = Items(length);
        using var e = Create(items).GetEnumerator();
        var first = new List<int>();
        while (e.MoveNext())
        {
            first.Add(e.Current);
        }

        Assert.False(e.MoveNext());
        Assert.False(e.MoveNext());
        e.Reset();
        var second = new List<int>();
        while (e.MoveNext())
        {
            second.Add(e.Current);
        }

        Assert.Equal(items, first);
        Assert.Equal(items, second);
    }

    [Fact]
    public void Linq_reads_agree_with_the_items()
    {
        var items = Items(1000);
        var c = Create(items);
        Assert.Equal(items.Sum(x => (long)x), c.Sum(x => (long)x));
        Assert.Equal(items[^1], c.Last());
        Assert.Equal(items.Skip(700).Take(5), c.Skip(700).Take(5));
    }
}

/// <summary>The array value, through the array adapter the list read conformance uses.</summary>
public sealed class PersistentArrayReadConformance : ArrayReadConformance
{
    protected override IReadOnlyList<int> Create(int[] items) => new PersistentArrayAdapter().Create(items);
}

/// <summary>The builder, written element by element over a zero array: reads go through owned chunks.</summary>
public sealed class PersistentArrayBuilderReadConformance : ArrayReadConformance
{
    protected override IReadOnlyList<int> Create(int[] items) => new PersistentArrayBuilderAdapter().Create(items);
}

public sealed class CopyOnWriteArrayReadConformance : ArrayReadConformance
{
    protected override IReadOnlyList<int> Create(int[] items) => new CopyOnWriteArrayAdapter().Create(items);
}
