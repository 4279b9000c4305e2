namespace CowCollections.Tests.Conformance;

/// <summary>
/// Write-side conformance for growable lists: every operation against a <see cref="List{T}"/> model at sizes
/// that cross the trie's boundaries, bad input, and "nothing is left half-changed after an exception".
/// A value must leave its argument untouched; a builder or container must change in place.
/// </summary>
/// <typeparam name="TCollection">The collection under test.</typeparam>
public abstract partial class ListConformance<TCollection> : ReadOnlyListConformance<TCollection>
    where TCollection : class
{
    protected abstract IListMemberAdapter<TCollection> Writer { get; }

    protected sealed override IReadOnlyListAdapter<TCollection> Reader => Writer;

    /// <summary>
    /// Applies <paramref name="operation"/> to a collection of <paramref name="size"/> items and
    /// <paramref name="model"/> to a <see cref="List{T}"/> of the same items, then checks every read of the
    /// result, that a value left its argument alone, that a builder or container changed in place, and that a
    /// change of contents is observable (new version, container Version, builder enumerators).
    /// </summary>
    protected TCollection Check(int size, Func<TCollection, TCollection> operation, Action<List<int>> model)
    {
        var items = Items(size);
        var collection = Writer.Create(items);
        var mark = Writer.Mark(collection);
        var result = operation(collection);
        var expected = items.ToList();
        model(expected);
        AssertContents(expected, result);
        if (Writer.MutatesInPlace)
        {
            Assert.Same(collection, result);
        }
        else
        {
            AssertContents(items, collection);
        }

        if (!expected.SequenceEqual(items))
        {
            Assert.False(Writer.IsUnchangedSince(result, mark), "a change of contents must be observable");
        }

        return result;
    }

    public static TheoryData<int, int> SizesAndRangeLengths()
    {
        var data = new TheoryData<int, int>();
        foreach (int size in new[] { 0, 1, 31, 32, 33, 64, 1023, 1024, 1025, 32768, 32769, 33000 })
        {
            // The largest lists take the range lengths that cross a leaf; the others take them all.
            foreach (int length in size >= 32768 ? new[] { 1, 33, 1025 } : new[] { 0, 1, 31, 33, 1025 })
            {
                data.Add(size, length);
            }
        }

        return data;
    }

    private static int[] Extra(int length) => Enumerable.Range(0, length).Select(i => -1 - i).ToArray();

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Add_appends(int size) =>
        Check(size, c => Writer.Add(c, -7), m => m.Add(-7));

    [Fact]
    public void Add_one_at_a_time_across_every_boundary_up_to_1100()
    {
        var collection = Writer.Create([]);
        var model = new List<int>();
        for (int i = 0; i < 1100; i++)
        {
            collection = Writer.Add(collection, i);
            model.Add(i);
            Assert.Equal(i + 1, Writer.Count(collection));
            Assert.Equal(i, Writer.Get(collection, i));
            Assert.Equal(0, Writer.Get(collection, 0));
            if (i is 31 or 32 or 33 or 64 or 1023 or 1024 or 1025)
            {
                AssertContents(model, collection);
            }
        }

        AssertContents(model, collection);
    }

    [Theory]
    [MemberData(nameof(SizesAndRangeLengths))]
    public void AddRange_of_an_enumerable_appends(int size, int length)
    {
        var extra = Extra(length);
        Check(size, c => Writer.AddRange(c, extra.Select(x => x)), m => m.AddRange(extra));
        Check(size, c => Writer.AddRange(c, extra.ToList()), m => m.AddRange(extra));
        Check(size, c => Writer.AddRange(c, extra), m => m.AddRange(extra));
    }

    [Theory]
    [MemberData(nameof(SizesAndRangeLengths))]
    public void AddRange_of_a_span_appends(int size, int length)
    {
        var extra = Extra(length);
        Check(size, c => Writer.AddRangeSpan(c, extra), m => m.AddRange(extra));
    }

    [Theory]
    [MemberData(nameof(SizesAndRangeLengths))]
    public void AddRange_of_a_PersistentList_appends(int size, int length)
    {
        var extra = Extra(length);
        Check(size, c => Writer.AddRangeList(c, PersistentList.Create<int>(extra.AsSpan())), m => m.AddRange(extra));
        Check(size, c => Writer.AddRange(c, PersistentList.Create<int>(extra.AsSpan())), m => m.AddRange(extra));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(1025)]
    [InlineData(33000)]
    public void AddRange_of_itself_doubles_the_contents(int size)
    {
        var items = Items(size);
        var source = PersistentList.Create<int>(items.AsSpan());
        Check(size, c => Writer.AddRangeList(Writer.AddRangeList(c, source), source), m =>
        {
            m.AddRange(items);
            m.AddRange(items);
        });
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Insert_at_every_boundary(int size)
    {
        foreach (int index in InterestingIndices(size, inclusiveEnd: true))
        {
            Check(size, c => Writer.Insert(c, index, -3), m => m.Insert(index, -3));
        }
    }

    [Fact]
    public void Insert_at_the_front_repeatedly_up_to_1100()
    {
        var collection = Writer.Create([]);
        var model = new List<int>();
        for (int i = 0; i < 1100; i++)
        {
            collection = Writer.Insert(collection, 0, i);
            model.Insert(0, i);
            if (i % 97 == 0)
            {
                AssertContents(model, collection);
            }
        }

        AssertContents(model, collection);
    }

    [Theory]
    [MemberData(nameof(SizesAndRangeLengths))]
    public void InsertRange_at_every_boundary(int size, int length)
    {
        var extra = Extra(length);
        foreach (int index in InterestingIndices(size, inclusiveEnd: true))
        {
            Check(size, c => Writer.InsertRange(c, index, extra), m => m.InsertRange(index, extra));
            if (length >= 33)
            {
                Check(size, c => Writer.InsertRange(c, index, PersistentList.Create<int>(extra.AsSpan())), m => m.InsertRange(index, extra));
            }
        }
    }

    [Theory]
    [MemberData(nameof(NonEmptySizes))]
    public void RemoveAt_every_boundary(int size)
    {
        foreach (int index in InterestingIndices(size))
        {
            Check(size, c => Writer.RemoveAt(c, index), m => m.RemoveAt(index));
        }
    }

    [Fact]
    public void RemoveAt_from_the_front_until_empty_from_1100()
    {
        var items = Items(1100);
        var collection = Writer.Create(items);
        var model = items.ToList();
        while (model.Count > 0)
        {
            int index = model.Count % 3 == 0 ? 0 : model.Count / 2;
            collection = Writer.RemoveAt(collection, index);
            model.RemoveAt(index);
            if (model.Count % 89 == 0 || model.Count < 40)
            {
                AssertContents(model, collection);
            }
        }

        AssertContents(model, collection);
    }

    [Theory]
    [MemberData(nameof(SizesAndRangeLengths))]
    public void RemoveRange_at_every_boundary(int size, int length)
    {
        foreach (int index in InterestingIndices(size, inclusiveEnd: true))
        {
            int count = Math.Min(length, size - index);
            Check(size, c => Writer.RemoveRange(c, index, count), m => m.RemoveRange(index, count));
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RemoveRange_of_everything_empties(int size) =>
        Check(size, c => Writer.RemoveRange(c, 0, size), m => m.Clear());

    [Theory]
    [MemberData(nameof(NonEmptySizes))]
    public void Remove_removes_the_first_equal_item(int size)
    {
        foreach (int index in InterestingIndices(size))
        {
            bool removed = false;
            Check(size, c => Writer.Remove(c, 2 * index, out removed), m => m.Remove(2 * index));
            Assert.True(removed);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Remove_of_an_absent_item_changes_nothing(int size)
    {
        bool removed = true;
        var items = Items(size);
        var collection = Writer.Create(items);
        var mark = Writer.Mark(collection);
        var result = Writer.Remove(collection, 3, out removed);
        Assert.False(removed);
        AssertContents(items, result);
        Assert.True(Writer.IsUnchangedSince(result, mark));
    }

    [Fact]
    public void Remove_takes_only_the_first_of_duplicates()
    {
        int[] items = [.. Enumerable.Repeat(4, 35), 5, .. Enumerable.Repeat(4, 35)];
        var collection = Writer.Create(items);
        collection = Writer.Remove(collection, 5, out bool removed);
        Assert.True(removed);
        collection = Writer.Remove(collection, 4, out removed);
        Assert.True(removed);
        AssertContents(Enumerable.Repeat(4, 69).ToList(), collection);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void RemoveAll_removes_every_match_and_counts_them(int size)
    {
        int removed = -1;
        Check(size, c => Writer.RemoveAll(c, x => x % 3 == 0, out removed), m => m.RemoveAll(x => x % 3 == 0));
        Assert.Equal(Items(size).Count(x => x % 3 == 0), removed);

        Check(size, c => Writer.RemoveAll(c, _ => false, out removed), _ => { });
        Assert.Equal(0, removed);

        Check(size, c => Writer.RemoveAll(c, _ => true, out removed), m => m.Clear());
        Assert.Equal(size, removed);
    }

    [Theory]
    [MemberData(nameof(NonEmptySizes))]
    public void SetItem_replaces_one_element(int size)
    {
        foreach (int index in InterestingIndices(size))
        {
            Check(size, c => Writer.SetItem(c, index, -9), m => m[index] = -9);
        }
    }

    [Fact]
    public void SetItem_every_element_of_1100_one_by_one()
    {
        var items = Items(1100);
        var collection = Writer.Create(items);
        var model = items.ToList();
        for (int i = 0; i < model.Count; i++)
        {
            collection = Writer.SetItem(collection, (i * 7) % model.Count, -i);
            model[(i * 7) % model.Count] = -i;
        }

        AssertContents(model, collection);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Sort_orders_by_the_comparer(int size)
    {
        var descending = Comparer<int>.Create((a, b) => b.CompareTo(a));
        Check(size, c => Writer.Sort(c, descending), m => m.Sort(descending));
        Check(size, c => Writer.Sort(Writer.Reverse(c), null), m => { });
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Reverse_reverses(int size) =>
        Check(size, c => Writer.Reverse(c), m => m.Reverse());

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Clear_empties_and_the_list_stays_usable(int size)
    {
        var cleared = Check(size, c => Writer.Clear(c), m => m.Clear());
        var refilled = Writer.Add(Writer.Add(cleared, 1), 2);
        AssertContents([1, 2], refilled);
    }

    /// <summary>An exception thrown by a caller's callback or enumerable, to check it propagates unchanged.</summary>
    private sealed class CallbackException : Exception
    {
        public CallbackException()
            : base("thrown by the test's callback")
        {
        }
    }

    private static IEnumerable<int> ThrowsAfter(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return -i;
        }

        throw new CallbackException();
    }

    /// <summary>Names of bad calls; see <see cref="BadCall"/>.</summary>
    public static TheoryData<string> BadCalls => new()
    {
        "AddRange(null)", "AddRangeList(null)", "InsertRange(0, null)", "InsertRange(-1, items)", "InsertRange(Count + 1, items)",
        "Insert(-1)", "Insert(Count + 1)", "RemoveAt(-1)", "RemoveAt(Count)", "SetItem(-1)", "SetItem(Count)",
        "RemoveRange(-1, 1)", "RemoveRange(0, -1)", "RemoveRange(0, Count + 1)", "RemoveRange(Count + 1, 0)", "RemoveAll(null)",
        "AddRange(throwing enumerable)", "InsertRange(throwing enumerable)", "RemoveAll(throwing predicate)", "Sort(throwing comparer)",
    };

    /// <summary>The call, the exception it must throw and the parameter it must name (null: none checked).</summary>
    private (Action<TCollection> Call, Type Exception, string? ParamName, bool NeedsElements) BadCall(string name, int count)
    {
        var w = Writer;
        return name switch
        {
            "AddRange(null)" => (c => w.AddRange(c, null!), typeof(ArgumentNullException), "items", false),
            "AddRangeList(null)" => (c => w.AddRangeList(c, null!), typeof(ArgumentNullException), "items", false),
            "InsertRange(0, null)" => (c => w.InsertRange(c, 0, null!), typeof(ArgumentNullException), "items", false),
            "InsertRange(-1, items)" => (c => w.InsertRange(c, -1, [1, 2]), typeof(ArgumentOutOfRangeException), "index", false),
            "InsertRange(Count + 1, items)" => (c => w.InsertRange(c, count + 1, [1, 2]), typeof(ArgumentOutOfRangeException), "index", false),
            "Insert(-1)" => (c => w.Insert(c, -1, 1), typeof(ArgumentOutOfRangeException), "index", false),
            "Insert(Count + 1)" => (c => w.Insert(c, count + 1, 1), typeof(ArgumentOutOfRangeException), "index", false),
            "RemoveAt(-1)" => (c => w.RemoveAt(c, -1), typeof(ArgumentOutOfRangeException), "index", false),
            "RemoveAt(Count)" => (c => w.RemoveAt(c, count), typeof(ArgumentOutOfRangeException), "index", false),
            "SetItem(-1)" => (c => w.SetItem(c, -1, 1), typeof(ArgumentOutOfRangeException), "index", false),
            "SetItem(Count)" => (c => w.SetItem(c, count, 1), typeof(ArgumentOutOfRangeException), "index", false),
            "RemoveRange(-1, 1)" => (c => w.RemoveRange(c, -1, 1), typeof(ArgumentOutOfRangeException), "index", false),
            "RemoveRange(0, -1)" => (c => w.RemoveRange(c, 0, -1), typeof(ArgumentOutOfRangeException), "count", false),
            "RemoveRange(0, Count + 1)" => (c => w.RemoveRange(c, 0, count + 1), typeof(ArgumentOutOfRangeException), "count", false),
            "RemoveRange(Count + 1, 0)" => (c => w.RemoveRange(c, count + 1, 0), typeof(ArgumentOutOfRangeException), "index", false),
            "RemoveAll(null)" => (c => w.RemoveAll(c, null!, out _), typeof(ArgumentNullException), "match", false),
            "AddRange(throwing enumerable)" => (c => w.AddRange(c, ThrowsAfter(40)), typeof(CallbackException), null, false),
            "InsertRange(throwing enumerable)" => (c => w.InsertRange(c, count / 2, ThrowsAfter(40)), typeof(CallbackException), null, false),
            "RemoveAll(throwing predicate)" => (c => w.RemoveAll(c, x => x > 10 ? throw new CallbackException() : x == 4, out _), typeof(CallbackException), null, true),
            // Array.Sort reports a failing comparer as InvalidOperationException with the comparer's exception inside.
            "Sort(throwing comparer)" => (c => w.Sort(c, Comparer<int>.Create((a, b) => a + b > 40 ? throw new CallbackException() : a.CompareTo(b))), typeof(InvalidOperationException), null, true),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown bad call"),
        };
    }

    [Theory]
    [MemberData(nameof(BadCalls))]
    public void Bad_call_throws_and_leaves_contents_and_version_unchanged(string name)
    {
        foreach (int size in new[] { 0, 1, 33, 1025, 32769 })
        {
            var (call, exceptionType, paramName, needsElements) = BadCall(name, size);
            if (needsElements && size < 33)
            {
                continue;
            }

            var items = Items(size);
            var collection = Writer.Create(items);
            var mark = Writer.Mark(collection);
            var thrown = Assert.ThrowsAny<Exception>(() => call(collection));
            Assert.IsType(exceptionType, thrown);
            if (paramName is not null)
            {
                Assert.Equal(paramName, ((ArgumentException)thrown).ParamName);
            }

            AssertContents(items, collection);
            Assert.True(Writer.IsUnchangedSince(collection, mark), $"{name} on {size} items failed but changed the observable version");

            // Still fully usable after the failure.
            collection = Writer.Add(collection, -1);
            AssertContents([.. items, -1], collection);
        }
    }
}
