using System.Collections.Immutable;

namespace CowCollections.Tests.Conformance;

/// <summary>
/// The members added for <see cref="ImmutableList{T}"/> and <see cref="List{T}"/> parity, run against the value, the
/// builder and the container (through <see cref="IListMemberAdapter{TCollection}"/>) and compared with
/// <see cref="ImmutableList{T}"/> as the oracle: the same result, or the same exception type and parameter name.
/// Where this library follows <see cref="List{T}"/> instead (a backward search starting past the end, a negative
/// count), the oracle is <see cref="List{T}"/>.
/// </summary>
public abstract partial class ListConformance<TCollection>
{
    /// <summary>Sizes on both sides of the leaf, tail and level boundaries, kept small enough to probe every overload.</summary>
    public static TheoryData<int> MemberSizes => new() { 0, 1, 31, 33, 1025, 32769 };

    private static string Outcome<TResult>(Func<TResult> action)
    {
        try
        {
            return "ok " + Format(action());
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name} ({(e as ArgumentException)?.ParamName ?? "no parameter"})";
        }
    }

    private static string Outcome(Action action) => Outcome(() =>
    {
        action();
        return "done";
    });

    private static string Format(object? value) => value switch
    {
        null => "null",
        string text => text,
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString()!,
    };

    private static void Same(string expected, string actual, string what) =>
        Assert.True(expected == actual, $"{what}: expected {expected}, got {actual}");

    /// <summary>Indices and counts around the edges of a list of <paramref name="n"/> items.</summary>
    private static int[] Probes(int n) => new[] { -1, 0, 1, n / 2, n - 1, n, n + 1 }.Distinct().ToArray();

    private static readonly Predicate<int>[] Matches = [x => x % 6 == 0, x => x < 0, _ => true, x => x == 64];

    [Theory]
    [MemberData(nameof(MemberSizes))]
    public void Predicate_members_match_ImmutableList(int size)
    {
        var items = Items(size);
        var oracle = ImmutableList.CreateRange(items);
        var collection = Writer.Create(items);
        var w = Writer;
        foreach (var match in Matches)
        {
            Same(Outcome(() => oracle.Find(match)), Outcome(() => w.Find(collection, match)), "Find");
            Same(Outcome(() => oracle.FindLast(match)), Outcome(() => w.FindLast(collection, match)), "FindLast");
            Same(Outcome(() => oracle.FindAll(match)), Outcome(() => w.FindAll(collection, match)), "FindAll");
            Same(Outcome(() => oracle.FindIndex(match)), Outcome(() => w.FindIndex(collection, match)), "FindIndex");
            Same(Outcome(() => oracle.FindLastIndex(match)), Outcome(() => w.FindLastIndex(collection, match)), "FindLastIndex");
            Same(Outcome(() => oracle.Exists(match)), Outcome(() => w.Exists(collection, match)), "Exists");
            Same(Outcome(() => oracle.TrueForAll(match)), Outcome(() => w.TrueForAll(collection, match)), "TrueForAll");
            foreach (int start in Probes(size))
            {
                Same(Outcome(() => oracle.FindIndex(start, match)), Outcome(() => w.FindIndex(collection, start, match)), $"FindIndex({start})");
                Same(Outcome(() => oracle.FindLastIndex(start, match)), Outcome(() => w.FindLastIndex(collection, start, match)), $"FindLastIndex({start})");
                foreach (int count in Probes(size).Append(-2))
                {
                    Same(Outcome(() => oracle.FindIndex(start, count, match)), Outcome(() => w.FindIndex(collection, start, count, match)), $"FindIndex({start}, {count})");
                    string expected = (count >= 1 && start >= size) || count < 0
                        ? Outcome(() => new List<int>(items).FindLastIndex(start, count, match))
                        : Outcome(() => oracle.FindLastIndex(start, count, match));
                    string actual = Outcome(() => w.FindLastIndex(collection, start, count, match));
                    if (expected.StartsWith("ok", StringComparison.Ordinal))
                    {
                        Same(expected, actual, $"FindLastIndex({start}, {count})");
                    }
                    else
                    {
                        Assert.StartsWith(expected.Split(' ')[0], actual);
                    }
                }
            }
        }

        Same(Outcome(() => oracle.ConvertAll(x => "v" + x)), Outcome(() => w.ConvertAll(collection, x => "v" + x)), "ConvertAll");
        AssertContents(items, collection);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void Null_delegates_throw_naming_the_parameter_as_ImmutableList_does(int size)
    {
        var items = Items(size);
        var oracle = ImmutableList.CreateRange(items);
        var collection = Writer.Create(items);
        var w = Writer;
        var calls = new (string What, Action Expected, Action Actual)[]
        {
            ("Find", () => oracle.Find(null!), () => w.Find(collection, null!)),
            ("FindLast", () => oracle.FindLast(null!), () => w.FindLast(collection, null!)),
            ("FindAll", () => oracle.FindAll(null!), () => w.FindAll(collection, null!)),
            ("FindIndex", () => oracle.FindIndex(null!), () => w.FindIndex(collection, null!)),
            ("FindIndex(0)", () => oracle.FindIndex(0, null!), () => w.FindIndex(collection, 0, null!)),
            ("FindIndex(0, 0)", () => oracle.FindIndex(0, 0, null!), () => w.FindIndex(collection, 0, 0, null!)),
            ("FindLastIndex", () => oracle.FindLastIndex(null!), () => w.FindLastIndex(collection, null!)),
            ("Exists", () => oracle.Exists(null!), () => w.Exists(collection, null!)),
            ("TrueForAll", () => oracle.TrueForAll(null!), () => w.TrueForAll(collection, null!)),
            ("ConvertAll", () => oracle.ConvertAll<string>(null!), () => w.ConvertAll(collection, null!)),
            ("CopyTo(null)", () => oracle.CopyTo(null!), () => w.CopyTo(collection, (int[])null!)),
            ("CopyTo(0, null, 0, 0)", () => oracle.CopyTo(0, null!, 0, 0), () => w.CopyTo(collection, 0, null!, 0, 0)),
        };
        foreach (var (what, expected, actual) in calls)
        {
            string want = Outcome(expected);
            Assert.StartsWith("ArgumentNullException", want);
            Same(want, Outcome(actual), what);
        }
    }

    [Theory]
    [MemberData(nameof(MemberSizes))]
    public void BinarySearch_matches_ImmutableList(int size)
    {
        var items = Items(size);
        var oracle = ImmutableList.CreateRange(items);
        var collection = Writer.Create(items);
        var w = Writer;
        foreach (int item in new[] { -1, 0, 1, size, size + 1, 2 * (size / 2), 2 * size - 2, 2 * size })
        {
            Same(Outcome(() => oracle.BinarySearch(item)), Outcome(() => w.BinarySearch(collection, item)), $"BinarySearch({item})");
            Same(Outcome(() => oracle.BinarySearch(item, Comparer<int>.Default)), Outcome(() => w.BinarySearch(collection, item, Comparer<int>.Default)), $"BinarySearch({item}, comparer)");
            Same(Outcome(() => oracle.BinarySearch(item, null)), Outcome(() => w.BinarySearch(collection, item, null)), $"BinarySearch({item}, null)");
            foreach (int index in Probes(size))
            {
                foreach (int count in Probes(size))
                {
                    string got = Outcome(() => w.BinarySearch(collection, index, count, item, null));
                    if (index >= 0 && count >= 0 && index + count <= size)
                    {
                        Same(Outcome(() => new List<int>(items).BinarySearch(index, count, item, null)), got, $"BinarySearch({index}, {count}, {item})");
                    }
                    else if (index < 0 || count < 0)
                    {
                        Same(Outcome(() => oracle.BinarySearch(index, count, item, null)), got, $"BinarySearch({index}, {count}, {item})");
                    }
                    else
                    {
                        // Past the end: List<T> throws ArgumentException without a parameter; ImmutableList does not check. The count is named.
                        Same("ArgumentOutOfRangeException (count)", got, $"BinarySearch({index}, {count}, {item})");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(MemberSizes))]
    public void IndexOf_and_LastIndexOf_overloads_match_ImmutableList(int size)
    {
        int[] items = [.. Items(size), .. Items(size)];
        var oracle = ImmutableList.CreateRange(items);
        var oracleBuilder = oracle.ToBuilder();
        var value = PersistentList.Create<int>(items.AsSpan());
        var collection = Writer.Create(items);
        var w = Writer;
        int n = items.Length;
        foreach (int item in new[] { 0, 2 * (size / 2), 2 * size - 2, 1, -4 })
        {
            Same(Outcome(() => oracle.LastIndexOf(item)), Outcome(() => w.LastIndexOf(collection, item)), $"LastIndexOf({item})");
            foreach (var comparer in new IEqualityComparer<int>?[] { null, EqualityComparer<int>.Default })
            {
                foreach (int index in Probes(n))
                {
                    foreach (int count in Probes(n).Append(-2))
                    {
                        string forward = Outcome(() => w.IndexOf(collection, item, index, count, comparer));
                        if (index > n)
                        {
                            // A start past the end: the value names the index (as List<T>), the builder the count (as ImmutableList<T>.Builder).
                            Assert.StartsWith("ArgumentOutOfRangeException", forward);
                        }
                        else
                        {
                            Same(Outcome(() => oracleBuilder.IndexOf(item, index, count, comparer)), forward, $"IndexOf({item}, {index}, {count})");
                        }

                        if (index >= 0 && index < n && count >= 0 && count <= index + 1)
                        {
                            Same(Outcome(() => oracle.LastIndexOf(item, index, count, comparer)), Outcome(() => w.LastIndexOf(collection, item, index, count, comparer)), $"LastIndexOf({item}, {index}, {count})");
                        }
                        else
                        {
                            // A backward range outside the list: the oracles disagree here (ImmutableList<T> reads some of these as
                            // empty), so every kind must answer as the value does, and a non-empty list must reject it.
                            string backward = Outcome(() => w.LastIndexOf(collection, item, index, count, comparer));
                            Same(Outcome(() => value.LastIndexOf(item, index, count, comparer)), backward, $"LastIndexOf({item}, {index}, {count}) against the value");
                            if (n > 0)
                            {
                                Assert.StartsWith("ArgumentOutOfRangeException", backward);
                            }
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(MemberSizes))]
    public void GetRange_and_Slice_match_ImmutableList_and_ImmutableArray(int size)
    {
        var items = Items(size);
        var array = ImmutableArray.Create(items);
        var sci = ImmutableList.CreateRange(items);
        var collection = Writer.Create(items);
        var w = Writer;
        foreach (int index in Probes(size))
        {
            foreach (int count in Probes(size))
            {
                string range = Outcome(() => w.GetRange(collection, index, count));
                if (index > size)
                {
                    // A start past the end: the value names the index, the builder the count (as ImmutableList<T>).
                    Assert.StartsWith("ArgumentOutOfRangeException", range);
                }
                else
                {
                    Same(Outcome(() => sci.GetRange(index, count)), range, $"GetRange({index}, {count})");
                }

                Same(Outcome(() => array.Slice(index, count)), Outcome(() => w.Slice(collection, index, count)), $"Slice({index}, {count})");
            }
        }

        if (size > 2)
        {
            var range = w.GetRange(collection, 1, size - 2);
            Invariants.Check(range);
            collection = w.SetItem(collection, 1, -1);
            Assert.Equal(items[1..^1], range);
        }
    }

    [Theory]
    [MemberData(nameof(MemberSizes))]
    public void CopyTo_overloads_match_ImmutableList(int size)
    {
        var items = Items(size);
        var oracle = ImmutableList.CreateRange(items);
        var collection = Writer.Create(items);
        var w = Writer;
        foreach (int length in new[] { size, size + 3, Math.Max(0, size - 1) })
        {
            int[] Run(Action<int[]> copy)
            {
                var array = Enumerable.Repeat(-5, length).ToArray();
                copy(array);
                return array;
            }

            Same(Outcome(() => Run(a => oracle.CopyTo(a))), Outcome(() => Run(a => w.CopyTo(collection, a))), $"CopyTo(array[{length}])");
            foreach (int index in Probes(size))
            {
                foreach (int arrayIndex in new[] { -1, 0, 2, length })
                {
                    foreach (int count in new[] { -1, 0, 1, size - Math.Max(index, 0) })
                    {
                        Same(Outcome(() => Run(a => oracle.CopyTo(index, a, arrayIndex, count))), Outcome(() => Run(a => w.CopyTo(collection, index, a, arrayIndex, count))), $"CopyTo({index}, array[{length}], {arrayIndex}, {count})");
                    }
                }
            }
        }

        var span = new int[size + 2];
        w.CopyTo(collection, span.AsSpan(1));
        Assert.Equal([0, .. items, 0], span);
        if (size > 0)
        {
            Assert.Equal("destination", Assert.Throws<ArgumentException>(() => w.CopyTo(collection, new int[size - 1].AsSpan())).ParamName);
        }
    }

    [Theory]
    [MemberData(nameof(MemberSizes))]
    public void Sort_and_Reverse_of_a_range_match_ImmutableList(int size)
    {
        var descending = Comparer<int>.Create((a, b) => b.CompareTo(a));
        var items = Items(size);
        var oracle = ImmutableList.CreateRange(items);
        foreach (int index in Probes(size))
        {
            foreach (int count in Probes(size))
            {
                string sorted = Outcome(() => oracle.Sort(index, count, descending));
                if (sorted.StartsWith("ok", StringComparison.Ordinal))
                {
                    var expected = oracle.Sort(index, count, descending);
                    Check(size, c => Writer.Sort(c, index, count, descending), m => m.Sort(index, count, descending));
                    var reversed = oracle.Reverse(index, count);
                    Check(size, c => Writer.Reverse(c, index, count), m => m.Reverse(index, count));
                    Assert.Equal(expected, Writer.ToArray(Writer.Sort(Writer.Create(items), index, count, descending)));
                    Assert.Equal(reversed, Writer.ToArray(Writer.Reverse(Writer.Create(items), index, count)));
                }
                else
                {
                    var collection = Writer.Create(items);
                    var mark = Writer.Mark(collection);
                    Same(sorted, Outcome(() => Writer.Sort(collection, index, count, descending)), $"Sort({index}, {count})");
                    // A range past the end: the value names the index (as ImmutableList<T>), the builder the count; the type agrees.
                    Assert.StartsWith(Outcome(() => oracle.Reverse(index, count)).Split(' ')[0], Outcome(() => Writer.Reverse(collection, index, count)));
                    AssertContents(items, collection);
                    Assert.True(Writer.IsUnchangedSince(collection, mark), $"a failed range edit ({index}, {count}) changed the observable version");
                }
            }
        }
    }
}
