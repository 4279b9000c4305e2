using System.Collections;
using System.Collections.Immutable;
using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;
using CowCollections.Tests.Conformance;

namespace CowCollections.Tests.List;

/// <summary>What only the immutable value offers: comparers, ranges, chunks, the immutable and read-only interfaces, factories.</summary>
public sealed class PersistentListTests
{
    private static readonly int[] BoundarySizes = [0, 1, 31, 32, 33, 63, 64, 65, 128, 2047, 2048, 2049, 2112, 2113, 65600, 65601];

    private static int[] Items(int count) => Enumerable.Range(0, count).Select(i => 2 * i).ToArray();

    private static PersistentList<int> ListOf(int count) => PersistentList.Create<int>(Items(count).AsSpan());

    /// <summary>Equal when the two numbers agree modulo 10.</summary>
    private sealed class ModTen : IEqualityComparer<int>
    {
        public static readonly ModTen Instance = new();

        public bool Equals(int x, int y) => x % 10 == y % 10;

        public int GetHashCode(int obj) => obj % 10;
    }

    /// <summary>Lists of the same contents built by every path, balanced and relaxed.</summary>
    private static IEnumerable<PersistentList<int>> ShapesOf(int[] items)
    {
        yield return PersistentList.Create<int>(items.AsSpan());
        var added = PersistentList<int>.Empty;
        foreach (int item in items)
        {
            added = added.Add(item);
        }

        yield return added;
        int third = items.Length / 3;
        yield return PersistentList.Create<int>(items.AsSpan(0, third))
            .AddRange(PersistentList.Create<int>(items.AsSpan(third, third)))
            .AddRange(PersistentList.Create<int>(items.AsSpan(2 * third)));
        var inserted = PersistentList<int>.Empty;
        for (int i = items.Length - 1; i >= 0; i--)
        {
            inserted = inserted.Insert(0, items[i]);
        }

        yield return inserted;
    }

    [Fact]
    public void IndexOf_and_LastIndexOf_with_a_comparer_search_only_their_range()
    {
        var list = PersistentList.Create<int>(Enumerable.Range(0, 100).ToArray().AsSpan());
        Assert.Equal(3, list.IndexOf(13, 0, 100, ModTen.Instance));
        Assert.Equal(23, list.IndexOf(13, 14, 86, ModTen.Instance));
        Assert.Equal(-1, list.IndexOf(13, 14, 9, ModTen.Instance));
        Assert.Equal(-1, list.IndexOf(13, 14, 10, null));
        Assert.Equal(93, list.LastIndexOf(13, 99, 100, ModTen.Instance));
        Assert.Equal(83, list.LastIndexOf(13, 92, 93, ModTen.Instance));
        Assert.Equal(-1, list.LastIndexOf(13, 92, 9, ModTen.Instance));
        Assert.Equal(13, list.LastIndexOf(13));
        Assert.Equal(13, list.LastIndexOf(13, 99, 100, null));
        Assert.True(list.Contains(1013, ModTen.Instance));
        Assert.False(list.Contains(1013, null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(1025)]
    [InlineData(33000)]
    public void LastIndexOf_finds_the_last_of_duplicates(int size)
    {
        var items = Items(size).Select(x => x % 64).ToArray();
        var list = PersistentList.Create<int>(items.AsSpan());
        foreach (int value in new[] { 0, 30, 62, 63 })
        {
            Assert.Equal(Array.LastIndexOf(items, value), list.LastIndexOf(value));
            Assert.Equal(Array.IndexOf(items, value), list.IndexOf(value));
        }

        Assert.Equal(-1, list.LastIndexOf(5, size - 1, size, null));
    }

    [Fact]
    public void Search_ranges_out_of_bounds_throw_naming_the_argument()
    {
        var list = ListOf(40);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list.IndexOf(2, -1, 1, null)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => list.IndexOf(2, 0, 41, null)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => list.IndexOf(2, 10, -1, null)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list.LastIndexOf(2, 40, 1, null)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list.LastIndexOf(2, -1, 0, null)).ParamName);
        Assert.Equal(-1, PersistentList<int>.Empty.LastIndexOf(2, -1, 0, null));
        Assert.Equal(-1, PersistentList<int>.Empty.LastIndexOf(2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(1025)]
    [InlineData(33000)]
    public void GetRange_returns_the_slice_and_leaves_the_list_alone(int size)
    {
        var items = Items(size);
        foreach (var list in ShapesOf(items))
        {
            foreach (int start in new[] { 0, 1, 31, 32, 33, size / 2, size - 33, size - 1, size }.Where(i => i >= 0 && i <= size).Distinct())
            {
                foreach (int count in new[] { 0, 1, 32, 33, 1025, size - start }.Where(c => c >= 0 && c <= size - start).Distinct())
                {
                    var slice = list.GetRange(start, count);
                    Assert.Equal(items.AsSpan(start, count).ToArray(), slice.ToArray());
                    Invariants.Check(slice);
                    Assert.Equal(items.AsSpan(start, count).ToArray()[..Math.Min(count, 3)], slice.Take(3));
                }
            }

            Assert.Equal(items, list.ToArray());
            Invariants.Check(list);
        }
    }

    [Fact]
    public void LastIndexOf_whose_count_reaches_before_the_first_element_names_count()
    {
        var list = ListOf(40);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => list.LastIndexOf(2, 5, 7, null)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => list.LastIndexOf(2, 5, -1, null)).ParamName);
        Assert.Equal(1, list.LastIndexOf(2, 5, 6, null));
        Assert.Equal(-1, list.LastIndexOf(2, 5, 0, null));
    }

    [Fact]
    public void GetRange_out_of_bounds_throws_naming_the_argument()
    {
        var list = ListOf(40);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list.GetRange(-1, 1)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list.GetRange(41, 0)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => list.GetRange(0, 41)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => list.GetRange(39, 2)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => list.GetRange(0, -1)).ParamName);
    }

    [Fact]
    public void GetRange_of_everything_is_the_same_list()
    {
        var list = ListOf(100);
        Assert.Same(list, list.GetRange(0, 100));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(2048)]
    [InlineData(2049)]
    [InlineData(65600)]
    [InlineData(65601)]
    public void Chunks_concatenate_to_the_contents_in_chunks_of_at_most_a_leaf(int size)
    {
        var items = Items(size);
        foreach (var list in ShapesOf(items).Append(ListOf(size + 50).RemoveRange(size / 2, 25).RemoveRange(0, 25)))
        {
            var expected = list.ToArray();
            var concatenated = new List<int>();
            int chunks = 0;
            foreach (ReadOnlySpan<int> chunk in list.Chunks)
            {
                Assert.InRange(chunk.Length, 1, RrbTree<int, DefaultGeometry>.MaxLeaf);
                concatenated.AddRange(chunk);
                chunks++;
            }

            Assert.Equal(expected, concatenated);
            Assert.True(chunks >= (size + RrbTree<int, DefaultGeometry>.MaxLeaf - 1) / RrbTree<int, DefaultGeometry>.MaxLeaf, $"{chunks} chunks cannot hold {size} items");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(1025)]
    [InlineData(33000)]
    public void SequenceEqual_compares_contents_whatever_the_shape(int size)
    {
        var items = Items(size);
        var shapes = ShapesOf(items).ToList();
        foreach (var a in shapes)
        {
            foreach (var b in shapes)
            {
                Assert.True(a.SequenceEqual(b));
            }
        }

        if (size > 0)
        {
            foreach (int index in new[] { 0, size / 2, size - 1 })
            {
                var changed = shapes[2].SetItem(index, -1);
                Assert.False(shapes[0].SequenceEqual(changed));
                Assert.False(changed.SequenceEqual(shapes[3]));
                Assert.True(changed.SequenceEqual(shapes[1].SetItem(index, -1)));
            }

            Assert.False(shapes[0].SequenceEqual(shapes[0].RemoveAt(size - 1)));
            Assert.False(shapes[0].RemoveAt(0).SequenceEqual(shapes[0]));
            Assert.True(shapes[0].SequenceEqual(shapes[1].SetItem(0, items[0] + 10), ModTen.Instance));
        }

        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => shapes[0].SequenceEqual(null!)).ParamName);
    }

    [Fact]
    public void Collection_expressions_build_lists()
    {
        PersistentList<int> empty = [];
        PersistentList<int> three = [1, 2, 3];
        int[] many = Items(1100);
        PersistentList<int> spread = [.. many, 7];
        Assert.Same(PersistentList<int>.Empty, empty);
        Assert.Equal([1, 2, 3], three.ToArray());
        Assert.Equal([.. many, 7], spread.ToArray());
        Invariants.Check(spread);
    }

    [Fact]
    public void Factories_build_lists_and_reject_null()
    {
        Assert.Same(PersistentList<int>.Empty, PersistentList.Create<int>());
        Assert.Equal([5], PersistentList.Create(5).ToArray());
        Assert.Equal([1, 2, 3], PersistentList.Create(1, 2, 3).ToArray());
        Assert.Equal(Items(1100), PersistentList.CreateRange(Items(1100).Select(x => x)).ToArray());
        var builder = PersistentList.CreateBuilder<int>();
        builder.Add(4);
        Assert.Equal([4], builder.ToImmutable().ToArray());
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => PersistentList.Create<int>((int[])null!)).ParamName);
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => PersistentList.CreateRange<int>(null!)).ParamName);
    }

    [Fact]
    public void Clear_and_removing_everything_give_the_empty_list()
    {
        var list = ListOf(40);
        Assert.Same(PersistentList<int>.Empty, list.Clear());
        Assert.True(list.RemoveRange(0, 40).IsEmpty);
        Assert.False(list.IsEmpty);
        Assert.True(PersistentList.Create(1).RemoveAt(0).IsEmpty);
    }

    [Fact]
    public void Replace_swaps_the_first_equal_item_or_throws_naming_oldValue()
    {
        var list = PersistentList.Create(1, 2, 3, 2, 12);
        Assert.Equal([1, 9, 3, 2, 12], list.Replace(2, 9).ToArray());
        Assert.Equal([1, 9, 3, 2, 12], list.Replace(22, 9, ModTen.Instance).ToArray());
        Assert.Equal("oldValue", Assert.Throws<ArgumentException>(() => list.Replace(22, 9)).ParamName);
        Assert.Equal([1, 2, 3, 2, 12], list.ToArray());
    }

    [Fact]
    public void Remove_and_RemoveRange_of_items_honour_the_comparer()
    {
        var list = PersistentList.Create(1, 2, 3, 2, 12);
        Assert.Equal([1, 3, 2, 12], list.Remove(12, ModTen.Instance).ToArray());
        Assert.Same(list, list.Remove(12 + 1000));
        Assert.Equal([1, 3, 12], list.RemoveRange([2, 2, 7]).ToArray());
        Assert.Equal([1, 3], list.RemoveRange([2, 2, 2], ModTen.Instance).ToArray());
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => list.RemoveRange((IEnumerable<int>)null!)).ParamName);
        Assert.Equal("items", Assert.Throws<ArgumentNullException>(() => list.RemoveRange(null!, ModTen.Instance)).ParamName);
    }

    [Fact]
    public void Sort_overloads_sort_and_reject_a_null_comparison()
    {
        var items = Enumerable.Range(0, 1100).Select(i => (i * 7919) % 1100).ToArray();
        var list = PersistentList.Create<int>(items.AsSpan());
        Assert.Equal(items.Order(), list.Sort().ToArray());
        Assert.Equal(items.OrderDescending(), list.Sort((a, b) => b.CompareTo(a)).ToArray());
        Assert.Equal(items, list.ToArray());
        Assert.Equal("comparison", Assert.Throws<ArgumentNullException>(() => list.Sort((Comparison<int>)null!)).ParamName);
        var one = PersistentList.Create(1);
        Assert.Same(one, one.Sort());
        Assert.Same(one, one.Reverse());
    }

    [Fact]
    public void Null_elements_are_ordinary_elements()
    {
        var list = PersistentList.Create<string?>("a", null, "b", null);
        Assert.Equal(1, list.IndexOf(null));
        Assert.Equal(3, list.LastIndexOf(null));
        bool found = list.Contains(null);
        Assert.True(found);
        Assert.Equal(new string?[] { "a", "b", null }, list.Remove(null).AsEnumerable());
        Assert.Equal(new string?[] { "a", "b" }, list.RemoveAll(s => s is null).AsEnumerable());
        Assert.True(((IList)list).Contains(null));
        Assert.Equal(1, ((IList)list).IndexOf(null));
    }

    [Fact]
    public void CopyTo_a_span_too_short_throws_and_writes_nothing()
    {
        var list = ListOf(40);
        var destination = new int[39];
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => list.CopyTo(destination.AsSpan())).ParamName);
        // An array binds to CopyTo(T[]), which reports a short array as ImmutableList<T>.CopyTo does.
        Assert.Equal("array", Assert.Throws<ArgumentOutOfRangeException>(() => list.CopyTo(destination)).ParamName);
        Assert.Equal(new int[39], destination);
        var exact = new int[40];
        list.CopyTo(exact);
        Assert.Equal(Items(40), exact);
    }

    [Fact]
    public void IImmutableList_members_behave_like_the_public_ones()
    {
        var items = Items(1100);
        IImmutableList<int> list = PersistentList.Create<int>(items.AsSpan());
        var model = items.ToList();

        void Same(IImmutableList<int> actual, List<int> expected)
        {
            Assert.IsType<PersistentList<int>>(actual);
            Assert.Equal(expected, actual);
            Invariants.Check((PersistentList<int>)actual);
        }

        Same(list.Add(5), [.. model, 5]);
        Same(list.AddRange([5, 6]), [.. model, 5, 6]);
        Same(list.Clear(), []);
        Same(list.Insert(500, -1), [.. model[..500], -1, .. model[500..]]);
        Same(list.InsertRange(33, [-1, -2]), [.. model[..33], -1, -2, .. model[33..]]);
        Same(list.Remove(4, null), [.. model.Where(x => x != 4)]);
        Same(list.Remove(14, ModTen.Instance), [.. model.Where(x => x != 4)]);
        Same(list.RemoveAll(x => x % 4 == 0), [.. model.Where(x => x % 4 != 0)]);
        Same(list.RemoveAt(1099), model[..1099]);
        Same(list.RemoveRange([0, 2, 999], null), model[2..]);
        Same(list.RemoveRange(10, 1000), [.. model[..10], .. model[1010..]]);
        Same(list.Replace(8, -8, null), [.. model[..4], -8, .. model[5..]]);
        Same(list.SetItem(1098, -1), [.. model[..1098], -1, model[1099]]);
        Assert.Equal(1100, list.Count);
        Assert.Equal(4, list[2]);
        Assert.Equal(550, list.IndexOf(1100));
        Assert.Equal(3, list.IndexOf(16, 0, 1100, ModTen.Instance));
        Assert.Equal(1098, list.LastIndexOf(16, 1099, 1100, ModTen.Instance));
        Assert.Equal(model, list);
    }

    [Fact]
    public void IList_and_ICollection_mutators_throw_NotSupportedException_and_change_nothing()
    {
        var list = ListOf(40);
        IList<int> generic = list;
        IList nonGeneric = list;
        Assert.True(generic.IsReadOnly);
        Assert.True(nonGeneric.IsReadOnly);
        Assert.True(nonGeneric.IsFixedSize);
        Assert.Throws<NotSupportedException>(() => generic[0] = 1);
        Assert.Throws<NotSupportedException>(() => generic.Insert(0, 1));
        Assert.Throws<NotSupportedException>(() => generic.RemoveAt(0));
        Assert.Throws<NotSupportedException>(() => generic.Add(1));
        Assert.Throws<NotSupportedException>(() => generic.Clear());
        Assert.Throws<NotSupportedException>(() => generic.Remove(2));
        Assert.Throws<NotSupportedException>(() => nonGeneric[0] = 1);
        Assert.Throws<NotSupportedException>(() => nonGeneric.Add(1));
        Assert.Throws<NotSupportedException>(() => nonGeneric.Clear());
        Assert.Throws<NotSupportedException>(() => nonGeneric.Insert(0, 1));
        Assert.Throws<NotSupportedException>(() => nonGeneric.Remove(2));
        Assert.Throws<NotSupportedException>(() => nonGeneric.RemoveAt(0));
        Assert.Equal(Items(40), list.ToArray());

        Assert.Equal(4, generic[2]);
        Assert.Equal(4, nonGeneric[2]);
        Assert.Equal(2, generic.IndexOf(4));
        Assert.Equal(2, nonGeneric.IndexOf(4));
        Assert.True(nonGeneric.Contains(4));
        Assert.False(nonGeneric.Contains("4"));
        Assert.Equal(-1, nonGeneric.IndexOf("4"));
        Assert.False(nonGeneric.Contains(null));
        Assert.Same(list, ((ICollection)list).SyncRoot);
    }

    [Fact]
    public void ICollection_CopyTo_an_Array_writes_at_the_offset_and_checks_its_arguments()
    {
        ICollection list = ListOf(40);
        var target = new object[45];
        list.CopyTo(target, 2);
        Assert.Equal(Items(40).Cast<object>(), target[2..42]);
        Assert.Null(target[1]);
        Assert.Equal("array", Assert.Throws<ArgumentNullException>(() => list.CopyTo(null!, 0)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => list.CopyTo(new int[40], -1)).ParamName);
        Assert.Equal("array", Assert.Throws<ArgumentException>(() => list.CopyTo(new int[45], 6)).ParamName);
    }

    [Theory]
    [InlineData(33)]
    [InlineData(1025)]
    [InlineData(33000)]
    public void Every_version_survives_later_changes(int size)
    {
        var versions = new List<(PersistentList<int> List, int[] Contents)>();
        var list = ListOf(size);
        var random = new Random(size);
        for (int step = 0; step < 60; step++)
        {
            versions.Add((list, list.ToArray()));
            int at = random.Next(list.Count + 1);
            list = (step % 6) switch
            {
                0 => list.Add(step),
                1 => list.Insert(at, -step),
                2 => list.Count > 0 ? list.RemoveAt(Math.Min(at, list.Count - 1)) : list,
                3 => list.Count > 0 ? list.SetItem(Math.Min(at, list.Count - 1), step) : list,
                4 => list.InsertRange(at, ListOf(40)),
                _ => list.RemoveRange(at / 2, Math.Min(35, list.Count - at / 2)),
            };
        }

        foreach (var (version, contents) in versions)
        {
            Assert.Equal(contents, version.ToArray());
            Invariants.Check(version);
        }
    }
}
