using System.Collections.Immutable;
using System.Reflection;
using CowCollections.Internal;
using CowCollections.Internal.VectorTrie;
using Xunit.Abstractions;

namespace CowCollections.Tests.Compatibility;

/// <summary>
/// The members SCI users reach for on <see cref="PersistentList{T}"/> and its builder, run on the same seeded random
/// inputs through <see cref="ImmutableList{T}"/>, <see cref="ImmutableList{T}.Builder"/> and <see cref="List{T}"/>:
/// the same results, and the same exception type and parameter name for bad arguments. Sizes cover a flat list,
/// one leaf plus tail, and multi-level trees built by concatenation (relaxed nodes).
/// </summary>
public sealed class ListMemberTests(ITestOutputHelper output)
{
    public static TheoryData<int, int> Cases => new()
    {
        { 0, 11 }, { 1, 12 }, { 5, 13 }, { 33, 14 }, { 100, 15 }, { 5000, 16 }, { 5000, 17 },
    };

    /// <summary>Seeded values in [0, 40) (so searches hit duplicates) and a list holding them, concatenated from random pieces.</summary>
    private (int[] Values, PersistentList<int> List) Input(int size, int seed)
    {
        output.WriteLine($"size {size}, seed {seed}");
        var random = new Random(seed);
        var values = new int[size];
        for (int i = 0; i < size; i++)
        {
            values[i] = random.Next(40);
        }

        var list = PersistentList<int>.Empty;
        int at = 0;
        while (at < size)
        {
            int piece = Math.Min(size - at, random.Next(1, Math.Max(2, size / 3)));
            list = list.AddRange(PersistentList.Create(values.AsSpan(at, piece)));
            at += piece;
        }

        Assert.Equal(values, list);
        TrieChecker<int, DefaultGeometry>.Check(list.Core);
        return (values, list);
    }

    /// <summary>Indices and counts around the interesting edges of a list of <paramref name="n"/> elements, plus two random ones.</summary>
    private static int[] Probes(int n, Random random) =>
        new[] { -2, -1, 0, 1, n / 2, n - 2, n - 1, n, n + 1, random.Next(n + 1), random.Next(n + 1) }.Distinct().ToArray();

    /// <summary>The result of <paramref name="action"/> as text, or the exception's type and parameter name.</summary>
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

    private static string Outcome(Action action) => Outcome(() => { action(); return "done"; });

    private static string Format(object? value) => value switch
    {
        null => "null",
        string text => text,
        System.Collections.IEnumerable items => "[" + string.Join(",", items.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString()!,
    };

    private static void Same(string expected, string actual, string what) =>
        Assert.True(expected == actual, $"{what}: expected {expected}, got {actual}");

    private static Predicate<int> Match(Random random)
    {
        int modulus = random.Next(2, 60);
        int remainder = random.Next(modulus);
        return x => x % modulus == remainder;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Predicate_members_match_ImmutableList_and_its_builder(int size, int seed)
    {
        var (values, list) = Input(size, seed);
        var random = new Random(seed);
        var sci = ImmutableList.CreateRange(values);
        var sciBuilder = sci.ToBuilder();
        var builder = list.ToBuilder();
        builder.Add(-1);
        builder.RemoveAt(builder.Count - 1);
        for (int round = 0; round < 4; round++)
        {
            var match = Match(random);
            void Check(string what, Func<ImmutableList<int>, object?> expected, Func<PersistentList<int>, object?> actual, Func<ImmutableList<int>.Builder, object?> expectedBuilder, Func<PersistentList<int>.Builder, object?> actualBuilder)
            {
                string want = Outcome(() => expected(sci));
                Same(want, Outcome(() => actual(list)), what);
                Same(Outcome(() => expectedBuilder(sciBuilder)), Outcome(() => actualBuilder(builder)), what + " (builder)");
                Same(want, Outcome(() => actualBuilder(builder)), what + " (builder against the list)");
            }

            Check("Exists", l => l.Exists(match), l => l.Exists(match), b => b.Exists(match), b => b.Exists(match));
            Check("TrueForAll", l => l.TrueForAll(x => !match(x)), l => l.TrueForAll(x => !match(x)), b => b.TrueForAll(x => !match(x)), b => b.TrueForAll(x => !match(x)));
            Check("Find", l => l.Find(match), l => l.Find(match), b => b.Find(match), b => b.Find(match));
            Check("FindLast", l => l.FindLast(match), l => l.FindLast(match), b => b.FindLast(match), b => b.FindLast(match));
            Check("FindAll", l => l.FindAll(match), l => l.FindAll(match), b => b.FindAll(match), b => b.FindAll(match));
            Check("FindIndex", l => l.FindIndex(match), l => l.FindIndex(match), b => b.FindIndex(match), b => b.FindIndex(match));
            Check("FindLastIndex", l => l.FindLastIndex(match), l => l.FindLastIndex(match), b => b.FindLastIndex(match), b => b.FindLastIndex(match));
            Check("ConvertAll", l => l.ConvertAll(x => "v" + x), l => l.ConvertAll(x => "v" + x), b => b.ConvertAll(x => "v" + x), b => b.ConvertAll(x => "v" + x));
            Check("ForEach", l => { var seen = new List<int>(); l.ForEach(seen.Add); return seen; }, l => { var seen = new List<int>(); l.ForEach(seen.Add); return seen; }, b => { var seen = new List<int>(); b.ForEach(seen.Add); return seen; }, b => { var seen = new List<int>(); b.ForEach(seen.Add); return seen; });
            foreach (int start in Probes(size, random))
            {
                Check($"FindIndex({start})", l => l.FindIndex(start, match), l => l.FindIndex(start, match), b => b.FindIndex(start, match), b => b.FindIndex(start, match));
                Check($"FindLastIndex({start})", l => l.FindLastIndex(start, match), l => l.FindLastIndex(start, match), b => b.FindLastIndex(start, match), b => b.FindLastIndex(start, match));
                foreach (int count in Probes(size, random))
                {
                    Check($"FindIndex({start}, {count})", l => l.FindIndex(start, count, match), l => l.FindIndex(start, count, match), b => b.FindIndex(start, count, match), b => b.FindIndex(start, count, match));
                    if (count >= 1 && start >= size)
                    {
                        // A backward start past the end: ImmutableList answers -1; we throw, as List<T> does.
                        Assert.StartsWith("ArgumentOutOfRangeException", Outcome(() => new List<int>(values).FindLastIndex(start, count, match)));
                        string sciOutcome = Outcome(() => sci.FindLastIndex(start, count, match));
                        string want = sciOutcome.StartsWith("ok", StringComparison.Ordinal) ? "ArgumentOutOfRangeException (startIndex)" : sciOutcome;
                        Same(want, Outcome(() => list.FindLastIndex(start, count, match)), $"FindLastIndex({start}, {count})");
                        Same(want, Outcome(() => builder.FindLastIndex(start, count, match)), $"builder FindLastIndex({start}, {count})");
                    }
                    else if (count >= 0)
                    {
                        Check($"FindLastIndex({start}, {count})", l => l.FindLastIndex(start, count, match), l => l.FindLastIndex(start, count, match), b => b.FindLastIndex(start, count, match), b => b.FindLastIndex(start, count, match));
                    }
                    else
                    {
                        // ImmutableList reads a count of -1 as "to the start"; we reject a negative count, as List<T> does.
                        Assert.StartsWith("ArgumentOutOfRangeException", Outcome(() => new List<int>(values).FindLastIndex(start, count, match)));
                        Assert.StartsWith("ArgumentOutOfRangeException", Outcome(() => list.FindLastIndex(start, count, match)));
                        Same(Outcome(() => list.FindLastIndex(start, count, match)), Outcome(() => builder.FindLastIndex(start, count, match)), $"builder FindLastIndex({start}, {count})");
                    }
                }
            }
        }

        var all = list.FindAll(_ => true);
        TrieChecker<int, DefaultGeometry>.Check(all.Core);
        TrieChecker<int, DefaultGeometry>.Check(list.ConvertAll(x => x * 2).Core);
        Assert.Same(PersistentList<int>.Empty, list.FindAll(_ => false));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Null_delegates_and_arrays_throw_as_ImmutableList_does(int size, int seed)
    {
        var (values, list) = Input(size, seed);
        var sci = ImmutableList.CreateRange(values);
        var sciBuilder = sci.ToBuilder();
        var builder = list.ToBuilder();
        var calls = new (string What, Action Expected, Action Actual, Action ExpectedBuilder, Action ActualBuilder)[]
        {
            ("ForEach", () => sci.ForEach(null!), () => list.ForEach(null!), () => sciBuilder.ForEach(null!), () => builder.ForEach(null!)),
            ("Exists", () => sci.Exists(null!), () => list.Exists(null!), () => sciBuilder.Exists(null!), () => builder.Exists(null!)),
            ("TrueForAll", () => sci.TrueForAll(null!), () => list.TrueForAll(null!), () => sciBuilder.TrueForAll(null!), () => builder.TrueForAll(null!)),
            ("Find", () => sci.Find(null!), () => list.Find(null!), () => sciBuilder.Find(null!), () => builder.Find(null!)),
            ("FindAll", () => sci.FindAll(null!), () => list.FindAll(null!), () => sciBuilder.FindAll(null!), () => builder.FindAll(null!)),
            ("FindLast", () => sci.FindLast(null!), () => list.FindLast(null!), () => sciBuilder.FindLast(null!), () => builder.FindLast(null!)),
            ("FindIndex", () => sci.FindIndex(null!), () => list.FindIndex(null!), () => sciBuilder.FindIndex(null!), () => builder.FindIndex(null!)),
            ("FindIndex(-1)", () => sci.FindIndex(-1, null!), () => list.FindIndex(-1, null!), () => sciBuilder.FindIndex(-1, null!), () => builder.FindIndex(-1, null!)),
            ("FindIndex(-1, -1)", () => sci.FindIndex(-1, -1, null!), () => list.FindIndex(-1, -1, null!), () => sciBuilder.FindIndex(-1, -1, null!), () => builder.FindIndex(-1, -1, null!)),
            ("FindLastIndex", () => sci.FindLastIndex(null!), () => list.FindLastIndex(null!), () => sciBuilder.FindLastIndex(null!), () => builder.FindLastIndex(null!)),
            ("FindLastIndex(-1)", () => sci.FindLastIndex(-1, null!), () => list.FindLastIndex(-1, null!), () => sciBuilder.FindLastIndex(-1, null!), () => builder.FindLastIndex(-1, null!)),
            ("FindLastIndex(-1, -1)", () => sci.FindLastIndex(-1, -1, null!), () => list.FindLastIndex(-1, -1, null!), () => sciBuilder.FindLastIndex(-1, -1, null!), () => builder.FindLastIndex(-1, -1, null!)),
            ("ConvertAll", () => sci.ConvertAll<string>(null!), () => list.ConvertAll<string>(null!), () => sciBuilder.ConvertAll<string>(null!), () => builder.ConvertAll<string>(null!)),
            ("Sort(Comparison)", () => sci.Sort((Comparison<int>)null!), () => list.Sort((Comparison<int>)null!), () => sciBuilder.Sort((Comparison<int>)null!), () => builder.Sort((Comparison<int>)null!)),
            ("CopyTo(null)", () => sci.CopyTo(null!), () => list.CopyTo((int[])null!), () => sciBuilder.CopyTo(null!), () => builder.CopyTo((int[])null!)),
            ("CopyTo(null, 0)", () => sci.CopyTo(null!, 0), () => list.CopyTo(null!, 0), () => sciBuilder.CopyTo(null!, 0), () => builder.CopyTo(null!, 0)),
            ("CopyTo(0, null, 0, 0)", () => sci.CopyTo(0, null!, 0, 0), () => list.CopyTo(0, null!, 0, 0), () => sciBuilder.CopyTo(0, null!, 0, 0), () => builder.CopyTo(0, null!, 0, 0)),
            ("RemoveRange(null)", () => sci.RemoveRange((IEnumerable<int>)null!), () => list.RemoveRange((IEnumerable<int>)null!), () => sciBuilder.RemoveRange(null!), () => builder.RemoveRange(null!)),
            ("RemoveRange(null, comparer)", () => sci.RemoveRange(null!, EqualityComparer<int>.Default), () => list.RemoveRange(null!, EqualityComparer<int>.Default), () => sciBuilder.RemoveRange(null!, EqualityComparer<int>.Default), () => builder.RemoveRange(null!, EqualityComparer<int>.Default)),
        };
        foreach (var (what, expected, actual, expectedBuilder, actualBuilder) in calls)
        {
            string want = Outcome(expected);
            Assert.StartsWith("ArgumentNullException", want);
            Same(want, Outcome(actual), what);
            Same(Outcome(expectedBuilder), Outcome(actualBuilder), what + " (builder)");
        }

        Same(Outcome(() => ((IEnumerable<int>)null!).ToImmutableList()), Outcome(() => ((IEnumerable<int>)null!).ToPersistentList()), "ToPersistentList(null)");
        Same(Outcome(() => ((ImmutableList<int>.Builder)null!).ToImmutableList()), Outcome(() => ((PersistentList<int>.Builder)null!).ToPersistentList()), "builder ToPersistentList(null)");
        Same(Outcome(() => ((IEnumerable<int>)null!).ToImmutableArray()), Outcome(() => ((IEnumerable<int>)null!).ToPersistentArray()), "ToPersistentArray(null)");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BinarySearch_matches_List_and_ImmutableList(int size, int seed)
    {
        var (values, _) = Input(size, seed);
        var random = new Random(seed);
        Array.Sort(values);
        var list = PersistentList.Create(values.AsSpan());
        var reference = new List<int>(values);
        var sci = ImmutableList.CreateRange(values);
        var sciBuilder = sci.ToBuilder();
        var builder = list.ToBuilder();
        var descending = Comparer<int>.Create((a, b) => b.CompareTo(a));
        var reversed = list.Sort(descending);
        var reversedReference = new List<int>(values);
        reversedReference.Sort(descending);
        for (int item = -1; item <= 41; item++)
        {
            Same(Outcome(() => reference.BinarySearch(item)), Outcome(() => list.BinarySearch(item)), $"BinarySearch({item})");
            Same(Outcome(() => reference.BinarySearch(item)), Outcome(() => builder.BinarySearch(item)), $"builder BinarySearch({item})");
            Same(Outcome(() => reversedReference.BinarySearch(item, descending)), Outcome(() => reversed.BinarySearch(item, descending)), $"BinarySearch({item}, descending)");
            int expected = sci.BinarySearch(item);
            int actual = list.BinarySearch(item);
            Assert.Equal(expected >= 0, actual >= 0);
            Assert.True(expected < 0 ? expected == actual : values[actual] == item, $"BinarySearch({item}) against ImmutableList: {expected} / {actual}");
        }

        foreach (int index in Probes(size, random))
        {
            foreach (int count in Probes(size, random))
            {
                int item = random.Next(-1, 42);
                string want = Outcome(() => reference.BinarySearch(index, count, item, null));
                string got = Outcome(() => list.BinarySearch(index, count, item, null));
                string gotBuilder = Outcome(() => builder.BinarySearch(index, count, item, null));
                if (index >= 0 && count >= 0 && index + count <= size)
                {
                    Same(want, got, $"BinarySearch({index}, {count}, {item})");
                }
                else if (index < 0 || count < 0)
                {
                    Same(Outcome(() => sci.BinarySearch(index, count, item, null)), got, $"BinarySearch({index}, {count}, {item})");
                    Same(Outcome(() => sciBuilder.BinarySearch(index, count, item, null)), gotBuilder, $"builder BinarySearch({index}, {count}, {item})");
                }
                else
                {
                    // Past the end: List<T> throws ArgumentException without a parameter; ImmutableList does not check. We name the count.
                    Assert.StartsWith("ArgumentException", want);
                    Same("ArgumentOutOfRangeException (count)", got, $"BinarySearch({index}, {count}, {item})");
                }

                Same(got, gotBuilder, $"builder BinarySearch({index}, {count}, {item})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sort_Reverse_and_CopyTo_match_ImmutableList_and_its_builder(int size, int seed)
    {
        var (values, list) = Input(size, seed);
        var random = new Random(seed);
        var sci = ImmutableList.CreateRange(values);
        var descending = Comparer<int>.Create((a, b) => b.CompareTo(a));
        Comparison<int> byLastDigit = (a, b) => (a % 10).CompareTo(b % 10) is var c && c != 0 ? c : a.CompareTo(b);

        void Mutating(string what, Action<ImmutableList<int>.Builder> expected, Action<PersistentList<int>.Builder> actual)
        {
            var sciBuilder = sci.ToBuilder();
            var builder = list.ToBuilder();
            string want = Outcome(() => expected(sciBuilder));
            Same(want, Outcome(() => actual(builder)), "builder " + what);
            Same(Format(sciBuilder), Format(builder), "builder " + what + " contents");
            TrieChecker<int, DefaultGeometry>.Check(builder.Core);
            Assert.Equal(values, list);
        }

        void Pure(string what, Func<ImmutableList<int>, object> expected, Func<PersistentList<int>, PersistentList<int>> actual)
        {
            Same(Outcome(() => expected(sci)), Outcome(() =>
            {
                var result = actual(list);
                TrieChecker<int, DefaultGeometry>.Check(result.Core);
                return result;
            }), what);
            Assert.Equal(values, list);
        }

        Pure("Sort()", l => l.Sort(), l => l.Sort());
        Pure("Sort(descending)", l => l.Sort(descending), l => l.Sort(descending));
        Pure("Sort(Comparison)", l => l.Sort(byLastDigit), l => l.Sort(byLastDigit));
        Pure("Reverse()", l => l.Reverse(), l => l.Reverse());
        Mutating("Sort()", b => b.Sort(), b => b.Sort());
        Mutating("Sort(descending)", b => b.Sort(descending), b => b.Sort(descending));
        Mutating("Sort(Comparison)", b => b.Sort(byLastDigit), b => b.Sort(byLastDigit));
        Mutating("Reverse()", b => b.Reverse(), b => b.Reverse());
        foreach (int index in Probes(size, random))
        {
            foreach (int count in Probes(size, random))
            {
                Pure($"list Sort({index}, {count})", l => l.Sort(index, count, descending), l => l.Sort(index, count, descending));
                Pure($"list Reverse({index}, {count})", l => l.Reverse(index, count), l => l.Reverse(index, count));
                Mutating($"Sort({index}, {count})", b => b.Sort(index, count, descending), b => b.Sort(index, count, descending));
                Mutating($"Reverse({index}, {count})", b => b.Reverse(index, count), b => b.Reverse(index, count));
                foreach (int arrayIndex in new[] { -1, 0, 3 })
                {
                    int length = random.Next(Math.Max(1, count + 4));
                    Same(Outcome(() => { var a = new int[length]; sci.CopyTo(index, a, arrayIndex, count); return a; }), Outcome(() => { var a = new int[length]; list.CopyTo(index, a, arrayIndex, count); return a; }), $"CopyTo({index}, int[{length}], {arrayIndex}, {count})");
                    Same(Outcome(() => { var a = new int[length]; sci.ToBuilder().CopyTo(index, a, arrayIndex, count); return a; }), Outcome(() => { var a = new int[length]; list.ToBuilder().CopyTo(index, a, arrayIndex, count); return a; }), $"builder CopyTo({index}, int[{length}], {arrayIndex}, {count})");
                }
            }
        }

        foreach (int length in new[] { 0, size - 1, size, size + 2 }.Where(l => l >= 0).Distinct())
        {
            Same(Outcome(() => { var a = new int[length]; sci.CopyTo(a); return a; }), Outcome(() => { var a = new int[length]; list.CopyTo(a); return a; }), $"CopyTo(int[{length}])");
            Same(Outcome(() => { var a = new int[length]; sci.ToBuilder().CopyTo(a); return a; }), Outcome(() => { var a = new int[length]; list.ToBuilder().CopyTo(a); return a; }), $"builder CopyTo(int[{length}])");
            foreach (int arrayIndex in new[] { -1, 0, 1, 2 })
            {
                Same(Outcome(() => { var a = new int[length]; sci.CopyTo(a, arrayIndex); return a; }), Outcome(() => { var a = new int[length]; list.CopyTo(a, arrayIndex); return a; }), $"CopyTo(int[{length}], {arrayIndex})");
                Same(Outcome(() => { var a = new int[length]; sci.ToBuilder().CopyTo(a, arrayIndex); return a; }), Outcome(() => { var a = new int[length]; list.ToBuilder().CopyTo(a, arrayIndex); return a; }), $"builder CopyTo(int[{length}], {arrayIndex})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Builder_search_and_edit_members_match_ImmutableList_Builder(int size, int seed)
    {
        var (values, list) = Input(size, seed);
        var random = new Random(seed);
        var sci = ImmutableList.CreateRange(values);

        void Mutating<TResult>(string what, Func<ImmutableList<int>.Builder, TResult> expected, Func<PersistentList<int>.Builder, TResult> actual)
        {
            var sciBuilder = sci.ToBuilder();
            var builder = list.ToBuilder();
            Same(Outcome(() => expected(sciBuilder)), Outcome(() => actual(builder)), what);
            Same(Format(sciBuilder), Format(builder), what + " contents");
            TrieChecker<int, DefaultGeometry>.Check(builder.Core);
            Assert.Equal(values, list);
        }

        var odd = EqualityComparer<int>.Create((a, b) => a % 2 == b % 2, x => x % 2);
        for (int item = -1; item <= 40; item += 3)
        {
            int newValue = 100 + item;
            Mutating($"Replace({item})", b => { b.Replace(item, newValue); return 0; }, b => { b.Replace(item, newValue); return 0; });
            Mutating($"Replace({item}, odd)", b => { b.Replace(item, newValue, odd); return 0; }, b => { b.Replace(item, newValue, odd); return 0; });
            Mutating($"Remove({item}, odd)", b => b.Remove(item, odd), b => b.Remove(item, odd));
            Mutating($"Remove({item}, null)", b => b.Remove(item, null), b => b.Remove(item, null));
            Mutating($"IndexOf({item})", b => b.IndexOf(item), b => b.IndexOf(item));
            Mutating($"LastIndexOf({item})", b => b.LastIndexOf(item), b => b.LastIndexOf(item));
            var removed = Enumerable.Range(0, random.Next(6)).Select(_ => random.Next(-1, 41)).ToArray();
            Mutating($"RemoveRange([{string.Join(",", removed)}])", b => { b.RemoveRange(removed); return 0; }, b => { b.RemoveRange(removed); return 0; });
            Mutating($"RemoveRange([{string.Join(",", removed)}], odd)", b => { b.RemoveRange(removed, odd); return 0; }, b => { b.RemoveRange(removed, odd); return 0; });
        }

        var sciBuilder = sci.ToBuilder();
        var builder = list.ToBuilder();
        var reference = new List<int>(values);
        foreach (int index in Probes(size, random))
        {
            int item = random.Next(40);
            Same(Outcome(() => sciBuilder.IndexOf(item, index)), Outcome(() => builder.IndexOf(item, index)), $"IndexOf({item}, {index})");
            Same(Outcome(() => sciBuilder.LastIndexOf(item, index)), Outcome(() => builder.LastIndexOf(item, index)), $"LastIndexOf({item}, {index})");
            foreach (int count in Probes(size, random))
            {
                Same(Outcome(() => sciBuilder.GetRange(index, count)), Outcome(() => builder.GetRange(index, count)), $"GetRange({index}, {count})");
                Same(Outcome(() => sciBuilder.IndexOf(item, index, count)), Outcome(() => builder.IndexOf(item, index, count)), $"IndexOf({item}, {index}, {count})");
                Same(Outcome(() => sciBuilder.IndexOf(item, index, count, odd)), Outcome(() => builder.IndexOf(item, index, count, odd)), $"IndexOf({item}, {index}, {count}, odd)");
                // A backward range: as the list's LastIndexOf (and List<T>, ImmutableArray), a count reaching before 0 names
                // the count, where ImmutableList throws an ArgumentException without a parameter name.
                Same(Outcome(() => list.LastIndexOf(item, index, count, null)), Outcome(() => builder.LastIndexOf(item, index, count)), $"LastIndexOf({item}, {index}, {count})");
                Same(Outcome(() => list.LastIndexOf(item, index, count, odd)), Outcome(() => builder.LastIndexOf(item, index, count, odd)), $"LastIndexOf({item}, {index}, {count}, odd)");
                string backward = Outcome(() => builder.LastIndexOf(item, index, count));
                if (index >= 0 && index < size && count >= 0 && count <= index + 1)
                {
                    Same(Outcome(() => reference.LastIndexOf(item, index, count)), backward, $"LastIndexOf({item}, {index}, {count}) against List<T>");
                    Same(Outcome(() => sciBuilder.LastIndexOf(item, index, count)), backward, $"LastIndexOf({item}, {index}, {count}) against ImmutableList<T>.Builder");
                }
                else
                {
                    // Outside the list: ImmutableList<T>.Builder answers -1 for some of these (a start past the end); we throw, as List<T> does.
                    if (!(size == 0 && count == 0 && index is 0 or -1))
                    {
                        Assert.StartsWith("ArgumentOutOfRangeException", backward);
                    }
                }
            }
        }

        // The builder goes on editing after GetRange published it, without changing the range it returned.
        var range = builder.GetRange(0, size);
        builder.Add(7);
        Assert.Equal(values, range);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Slice_and_the_range_indexer_match_ImmutableArray(int size, int seed)
    {
        var (values, list) = Input(size, seed);
        var random = new Random(seed);
        var array = ImmutableArray.Create(values);
        var builder = list.ToBuilder();
        foreach (int start in Probes(size, random))
        {
            foreach (int length in Probes(size, random))
            {
                string want = Outcome(() => array.Slice(start, length));
                Same(want, Outcome(() => list.Slice(start, length)), $"Slice({start}, {length})");
                Same(want, Outcome(() => builder.Slice(start, length)), $"builder Slice({start}, {length})");
                if (start >= 0 && length >= 0 && start + length <= size)
                {
                    var slice = list[start..(start + length)];
                    Assert.Equal(values[start..(start + length)], slice);
                    TrieChecker<int, DefaultGeometry>.Check(slice.Core);
                }
            }
        }

        if (size >= 2)
        {
            Assert.Equal(values[1..^1], list[1..^1]);
        }

        Assert.Same(list, list[..]);
    }

    [Fact]
    public void Conversions_return_the_list_itself_or_the_builder_contents_cheaply()
    {
        var list = PersistentList.CreateRange(Enumerable.Range(0, 300));
        Assert.Same(list, list.ToPersistentList());
        Assert.Same(list, ((IEnumerable<int>)list).ToPersistentList());
        var builder = list.ToBuilder();
        Assert.Same(list, builder.ToPersistentList());
        builder.Add(300);
        var published = builder.ToPersistentList();
        Assert.Same(builder.ToImmutable(), published);
        Assert.Same(published, ((IEnumerable<int>)builder).ToPersistentList());
        Assert.Equal(Enumerable.Range(0, 301), published);
        Assert.Equal(Enumerable.Range(0, 5000), Enumerable.Range(0, 5000).ToPersistentList());
        Assert.Same(PersistentList<int>.Empty, Array.Empty<int>().ToPersistentList());

        var array = PersistentArray.Create<int>([1, 2, 3]);
        Assert.Equal(array, array.ToPersistentArray());
        Assert.Equal([4, 5, 6], new List<int> { 4, 5, 6 }.ToPersistentArray());
        var arrayBuilder = array.ToBuilder();
        arrayBuilder[0] = 9;
        Assert.Equal([9, 2, 3], arrayBuilder.ToPersistentArray());
        Assert.Equal(arrayBuilder.ToImmutable(), arrayBuilder.ToPersistentArray());
    }

    /// <summary>Every public method of <c>ImmutableList&lt;T&gt;.Builder</c> exists on our builder with the same parameters (ImmutableList read as PersistentList).</summary>
    [Fact]
    public void Builder_has_every_method_of_ImmutableList_Builder()
    {
        AssertHasMethodsOf(typeof(ImmutableList<int>.Builder), typeof(PersistentList<int>.Builder), ["ToImmutable"]);
    }

    /// <summary>The search, predicate, sort and copy members of <c>ImmutableList&lt;T&gt;</c> exist on <see cref="PersistentList{T}"/> with the same parameters.</summary>
    [Fact]
    public void List_has_the_search_sort_and_copy_methods_of_ImmutableList()
    {
        string[] names = ["ForEach", "Exists", "Find", "FindAll", "FindLast", "FindIndex", "FindLastIndex", "TrueForAll", "ConvertAll", "BinarySearch", "Reverse", "Sort", "GetRange"];
        AssertHasMethodsOf(typeof(ImmutableList<int>), typeof(PersistentList<int>), [], names);
        var copyTo = typeof(PersistentList<int>).GetMethods().Where(m => m.Name == "CopyTo").Select(Signature).ToArray();
        Assert.Contains("CopyTo(Int32[])", copyTo);
        Assert.Contains("CopyTo(Int32[],Int32)", copyTo);
        Assert.Contains("CopyTo(Int32,Int32[],Int32,Int32)", copyTo);
    }

    private void AssertHasMethodsOf(Type sci, Type ours, string[] except, string[]? only = null)
    {
        var have = ours.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(Signature).ToHashSet();
        var missing = sci.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.DeclaringType == sci && !m.IsSpecialName && !except.Contains(m.Name) && (only is null || only.Contains(m.Name)))
            .Select(Signature)
            .Where(s => !have.Contains(s))
            .ToList();
        output.WriteLine(string.Join(Environment.NewLine, have.Order()));
        Assert.True(missing.Count == 0, "missing: " + string.Join("; ", missing));
    }

    private static string Signature(MethodInfo method) =>
        method.Name + "(" + string.Join(",", method.GetParameters().Select(p => Name(p.ParameterType))) + ")";

    private static string Name(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        string name = type.Name.Replace("ImmutableList`1", "PersistentList`1");
        return name + "[" + string.Join(",", type.GetGenericArguments().Select(Name)) + "]";
    }
}
