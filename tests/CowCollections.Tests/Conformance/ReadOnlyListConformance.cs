namespace CowCollections.Tests.Conformance;

/// <summary>
/// Read-side conformance: what every list-shaped collection must do without changing. Subclasses give an
/// adapter that can create a collection from items and read it; a fixed-length type reuses this base alone.
/// Contents are distinct even numbers (<c>item(i) = 2i</c>) so that searches have one answer and odd numbers are absent.
/// </summary>
/// <typeparam name="TCollection">The collection under test.</typeparam>
public abstract class ReadOnlyListConformance<TCollection>
    where TCollection : class
{
    /// <summary>Sizes on both sides of every leaf, tail and level boundary of a 32-way trie.</summary>
    public static TheoryData<int> Sizes => new() { 0, 1, 31, 32, 33, 64, 1023, 1024, 1025, 32768, 32769, 33000 };

    /// <summary>The non-empty sizes.</summary>
    public static TheoryData<int> NonEmptySizes => new() { 1, 31, 32, 33, 64, 1023, 1024, 1025, 32768, 32769, 33000 };

    protected abstract IReadOnlyListAdapter<TCollection> Reader { get; }

    protected static int[] Items(int count) => Enumerable.Range(0, count).Select(i => 2 * i).ToArray();

    /// <summary>Indices that cross leaf and tail boundaries, inside [0, count) (or [0, count] with <paramref name="inclusiveEnd"/>).</summary>
    protected static int[] InterestingIndices(int count, bool inclusiveEnd = false)
    {
        int limit = inclusiveEnd ? count : count - 1;
        // The largest lists (deep trees, where each check costs most) take the boundaries that matter most.
        int[] candidates = count > 2048
            ? [0, 32, count / 2, count - 33, count - 32, count - 1, count]
            : [0, 1, 31, 32, 33, count / 2, count - 33, count - 32, count - 31, count - 1, count];
        return candidates.Where(i => i >= 0 && i <= limit).Distinct().Order().ToArray();
    }

    /// <summary>Checks every read against <paramref name="expected"/>: count, indexer, ItemRef, enumeration, ToArray, CopyTo, the interface view.</summary>
    protected void AssertContents(IReadOnlyList<int> expected, TCollection collection)
    {
        var reader = Reader;
        int[] want = expected.ToArray();
        Assert.Equal(want.Length, reader.Count(collection));
        AssertSame(want, reader.Enumerate(collection).ToArray(), "enumeration");
        AssertSame(want, reader.ToArray(collection), "ToArray");
        AssertSame(want, reader.AsReadOnlyList(collection).ToArray(), "IReadOnlyList<T> enumeration");
        Assert.Equal(want.Length, reader.AsReadOnlyList(collection).Count);
        for (int i = 0; i < want.Length; i++)
        {
            int got = reader.Get(collection, i);
            if (got != want[i])
            {
                Assert.Fail($"indexer [{i}] is {got}, expected {want[i]} (count {want.Length})");
            }

            got = reader.ItemRef(collection, i);
            if (got != want[i])
            {
                Assert.Fail($"ItemRef({i}) is {got}, expected {want[i]} (count {want.Length})");
            }
        }

        reader.CheckInvariants(collection);
    }

    /// <summary>Fast comparison; on a mismatch, reports the first difference.</summary>
    protected static void AssertSame(int[] expected, int[] actual, string what)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        int first = 0;
        while (first < Math.Min(expected.Length, actual.Length) && expected[first] == actual[first])
        {
            first++;
        }

        Assert.Fail($"{what}: {actual.Length} items where {expected.Length} were expected; first difference at {first}: " +
            $"expected [{string.Join(", ", expected.Skip(first).Take(5))}...], got [{string.Join(", ", actual.Skip(first).Take(5))}...]");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Create_then_every_read_sees_the_items(int size)
    {
        var items = Items(size);
        AssertContents(items, Reader.Create(items));
    }

    [Fact]
    public void Create_copies_the_items()
    {
        var items = Items(40);
        var collection = Reader.Create(items);
        items[0] = -1;
        items[39] = -1;
        AssertContents(Items(40), collection);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Indexer_outside_the_list_throws_naming_index(int size)
    {
        var collection = Reader.Create(Items(size));
        foreach (int index in new[] { -1, size, size + 1, int.MinValue, int.MaxValue })
        {
            Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => Reader.Get(collection, index)).ParamName);
            Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => Reader.ItemRef(collection, index)).ParamName);
        }

        AssertContents(Items(size), collection);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void IndexOf_and_Contains_find_present_items_and_miss_absent_ones(int size)
    {
        var collection = Reader.Create(Items(size));
        foreach (int i in InterestingIndices(size))
        {
            Assert.Equal(i, Reader.IndexOf(collection, 2 * i));
            Assert.True(Reader.Contains(collection, 2 * i));
        }

        foreach (int absent in new[] { -2, 1, 2 * size - 1, 2 * size, int.MaxValue })
        {
            Assert.Equal(-1, Reader.IndexOf(collection, absent));
            Assert.False(Reader.Contains(collection, absent));
        }
    }

    [Fact]
    public void IndexOf_returns_the_first_of_equal_items()
    {
        int[] items = [.. Enumerable.Repeat(7, 40), .. Enumerable.Repeat(9, 40), 7];
        var collection = Reader.Create(items);
        Assert.Equal(0, Reader.IndexOf(collection, 7));
        Assert.Equal(40, Reader.IndexOf(collection, 9));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void CopyTo_writes_at_the_offset_and_nothing_else(int size)
    {
        var collection = Reader.Create(Items(size));
        var array = Enumerable.Repeat(-5, size + 10).ToArray();
        Reader.CopyTo(collection, array, 3);
        Assert.Equal(Enumerable.Repeat(-5, 3), array[..3]);
        Assert.Equal(Items(size), array[3..(3 + size)]);
        Assert.Equal(Enumerable.Repeat(-5, 7), array[(3 + size)..]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(1025)]
    public void CopyTo_with_bad_arguments_throws(int size)
    {
        var collection = Reader.Create(Items(size));
        Assert.Equal("array", Assert.Throws<ArgumentNullException>(() => Reader.CopyTo(collection, null!, 0)).ParamName);
        Assert.Equal("arrayIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Reader.CopyTo(collection, new int[size + 1], -1)).ParamName);
        Assert.Equal("arrayIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Reader.CopyTo(collection, new int[size + 1], size + 2)).ParamName);
        if (size > 0)
        {
            var tooShort = new int[size + 1];
            Assert.ThrowsAny<ArgumentException>(() => Reader.CopyTo(collection, tooShort, 2));
            Assert.Equal(new int[size + 1], tooShort);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(1025)]
    public void CopyTo_an_array_too_short_names_array_not_a_parameter_it_does_not_have(int size)
    {
        var collection = Reader.Create(Items(size));
        var thrown = Assert.Throws<ArgumentException>(() => Reader.CopyTo(collection, new int[size + 1], 2));
        Assert.Equal("array", thrown.ParamName);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Enumeration_through_the_interfaces_matches_the_struct_enumerator(int size)
    {
        var collection = Reader.Create(Items(size));
        var view = Reader.AsReadOnlyList(collection);
        var viaGeneric = new List<int>();
        using (var enumerator = view.GetEnumerator())
        {
            while (enumerator.MoveNext())
            {
                viaGeneric.Add(enumerator.Current);
            }

            Assert.False(enumerator.MoveNext());
        }

        var viaNonGeneric = new List<int>();
        foreach (object? item in (System.Collections.IEnumerable)view)
        {
            viaNonGeneric.Add((int)item!);
        }

        Assert.Equal(Items(size), viaGeneric);
        Assert.Equal(Items(size), viaNonGeneric);
        Assert.Equal(Items(size), Reader.Enumerate(collection));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(1025)]
    public void Enumerator_Reset_starts_over(int size)
    {
        var collection = Reader.Create(Items(size));
        using var enumerator = Reader.AsReadOnlyList(collection).GetEnumerator();
        for (int i = 0; i < size / 2 + 1; i++)
        {
            enumerator.MoveNext();
        }

        enumerator.Reset();
        var again = new List<int>();
        while (enumerator.MoveNext())
        {
            again.Add(enumerator.Current);
        }

        Assert.Equal(Items(size), again);
    }

    [Fact]
    public void Default_valued_elements_are_ordinary_elements()
    {
        var collection = Reader.Create([0, 5, 0]);
        Assert.Equal(0, Reader.IndexOf(collection, 0));
        Assert.True(Reader.Contains(collection, 0));
        AssertContents([0, 5, 0], collection);
    }
}
