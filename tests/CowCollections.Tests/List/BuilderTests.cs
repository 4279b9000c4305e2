using CowCollections.Tests.Conformance;

namespace CowCollections.Tests.List;

/// <summary>Builder semantics beyond conformance: O(1) conversions, published lists never change, independence, enumerator invalidation.</summary>
public sealed class BuilderTests
{
    private static int[] Items(int count) => Enumerable.Range(0, count).Select(i => 2 * i).ToArray();

    private static PersistentList<int> ListOf(int count) => PersistentList.Create<int>(Items(count).AsSpan());

    /// <summary>One of every kind of builder change, applied to a builder and to a model.</summary>
    private static readonly string[] EditNames =
    [
        "Add", "AddRange(IEnumerable)", "AddRange(span)", "AddRange(PersistentList)", "Insert", "InsertRange", "RemoveAt",
        "RemoveRange", "Remove", "RemoveAll", "indexer set", "Sort", "Reverse", "Clear",
    ];

    public static TheoryData<string> Edits => new(EditNames);

    private static void Edit(string name, PersistentList<int>.Builder builder, List<int> model, int step)
    {
        int middle = model.Count / 2;
        switch (name)
        {
            case "Add":
                builder.Add(-step);
                model.Add(-step);
                break;
            case "AddRange(IEnumerable)":
                builder.AddRange(Enumerable.Range(0, 40).Select(i => -i));
                model.AddRange(Enumerable.Range(0, 40).Select(i => -i));
                break;
            case "AddRange(span)":
                builder.AddRange(new[] { -1, -2, -3 }.AsSpan());
                model.AddRange([-1, -2, -3]);
                break;
            case "AddRange(PersistentList)":
                builder.AddRange(ListOf(70));
                model.AddRange(Items(70));
                break;
            case "Insert":
                builder.Insert(middle, -step);
                model.Insert(middle, -step);
                break;
            case "InsertRange":
                builder.InsertRange(middle, Items(45));
                model.InsertRange(middle, Items(45));
                break;
            case "RemoveAt":
                if (model.Count > 0)
                {
                    builder.RemoveAt(middle);
                    model.RemoveAt(middle);
                }

                break;
            case "RemoveRange":
                int count = Math.Min(40, model.Count - middle);
                builder.RemoveRange(middle, count);
                model.RemoveRange(middle, count);
                break;
            case "Remove":
                if (model.Count > 0)
                {
                    int item = model[middle];
                    Assert.True(builder.Remove(item));
                    model.Remove(item);
                }

                break;
            case "RemoveAll":
                Assert.Equal(model.RemoveAll(x => x % 3 == 0), builder.RemoveAll(x => x % 3 == 0));
                break;
            case "indexer set":
                if (model.Count > 0)
                {
                    builder[middle] = -step;
                    model[middle] = -step;
                    builder[model.Count - 1] = -step;
                    model[^1] = -step;
                }

                break;
            case "Sort":
                builder.Sort();
                model.Sort();
                break;
            case "Reverse":
                builder.Reverse();
                model.Reverse();
                break;
            case "Clear":
                builder.Clear();
                model.Clear();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown edit");
        }
    }

    [Fact]
    public void ToBuilder_is_O1_it_allocates_nothing_in_proportion_to_the_list()
    {
        var list = ListOf(1_000_000);
        list.ToBuilder();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var builder = list.ToBuilder();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, 512);
        Assert.Equal(1_000_000, builder.Count);
    }

    [Fact]
    public void ToImmutable_is_O1_after_edits_to_a_large_builder()
    {
        var builder = ListOf(1_000_000).ToBuilder();
        builder.Add(1);
        builder[10] = 5;
        builder.Add(2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var list = builder.ToImmutable();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, 1024);
        Assert.Equal(1_000_002, list.Count);
        Assert.Equal(5, list[10]);
        Assert.Equal(2, list[^1]);
    }

    [Fact]
    public void ToImmutable_without_changes_returns_the_same_list()
    {
        var list = ListOf(100);
        var builder = list.ToBuilder();
        Assert.Same(list, builder.ToImmutable());
        builder.Add(1);
        var published = builder.ToImmutable();
        Assert.Same(published, builder.ToImmutable());
        Assert.Equal([.. Items(100), 1], published.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(1025)]
    [InlineData(33000)]
    public void Editing_after_ToImmutable_never_changes_a_published_list(int size)
    {
        var source = ListOf(size);
        var builder = source.ToBuilder();
        var model = Items(size).ToList();
        var published = new List<(PersistentList<int> List, int[] Contents)> { (source, Items(size)) };
        string[] edits = EditNames;

        // Every edit kind runs after a publication, twice over, so each one meets both nodes the builder
        // owned before publishing and nodes it owns afresh.
        for (int round = 0; round < 2; round++)
        {
            foreach (string edit in edits)
            {
                if (edit == "Clear" && round == 0)
                {
                    continue;
                }

                Edit(edit, builder, model, published.Count);
                Edit("Add", builder, model, published.Count);
                Assert.Equal(model, builder.ToArray());
                var list = builder.ToImmutable();
                Invariants.Check(list);
                published.Add((list, model.ToArray()));
            }
        }

        foreach (var (list, contents) in published)
        {
            Assert.Equal(contents.Length, list.Count);
            for (int i = 0; i < contents.Length; i++)
            {
                if (list[i] != contents[i])
                {
                    Assert.Fail($"a published list changed at [{i}]: {list[i]} where {contents[i]} was published");
                }
            }

            Assert.Equal(contents, list.ToArray());
            Invariants.Check(list);
        }
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void Each_edit_right_after_ToImmutable_leaves_the_published_list_alone(string edit)
    {
        foreach (int size in new[] { 1, 32, 33, 64, 1025, 32769 })
        {
            var builder = ListOf(size).ToBuilder();
            var model = Items(size).ToList();
            Edit("Add", builder, model, 1);
            Edit("indexer set", builder, model, 2);
            var published = builder.ToImmutable();
            var contents = model.ToArray();
            Edit(edit, builder, model, 3);
            Edit("indexer set", builder, model, 4);
            Edit("Add", builder, model, 5);
            Assert.Equal(contents, published.ToArray());
            Assert.Equal(model, builder.ToArray());
            Invariants.Check(published);
            Invariants.Check(builder.ToImmutable());
        }
    }

    [Theory]
    [InlineData(33)]
    [InlineData(1025)]
    [InlineData(33000)]
    public void Two_builders_from_one_list_are_independent(int size)
    {
        var source = ListOf(size);
        var first = source.ToBuilder();
        var second = source.ToBuilder();
        var firstModel = Items(size).ToList();
        var secondModel = Items(size).ToList();
        string[] edits = EditNames.Where(e => e != "Clear").ToArray();
        for (int i = 0; i < edits.Length; i++)
        {
            Edit(edits[i], first, firstModel, i);
            Edit(edits[(i + 5) % edits.Length], second, secondModel, 100 + i);
        }

        Assert.Equal(firstModel, first.ToArray());
        Assert.Equal(secondModel, second.ToArray());
        Assert.Equal(Items(size), source.ToArray());
        Invariants.Check(first.ToImmutable());
        Invariants.Check(second.ToImmutable());
    }

    [Theory]
    [MemberData(nameof(Edits))]
    public void Enumerator_throws_after_each_kind_of_change(string edit)
    {
        var builder = ListOf(100).ToBuilder();
        var model = Items(100).ToList();
        var enumerator = builder.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Edit(edit, builder, model, 1);
        Assert.Throws<InvalidOperationException>(() => enumerator.MoveNext());
        Assert.Throws<InvalidOperationException>(() => enumerator.Reset());
        var other = ListOf(100).ToBuilder();
        using IEnumerator<int> boxed = ((IEnumerable<int>)other).GetEnumerator();
        Assert.True(boxed.MoveNext());
        Edit(edit, other, Items(100).ToList(), 2);
        Assert.Throws<InvalidOperationException>(() => boxed.MoveNext());
    }

    [Fact]
    public void Enumerator_survives_reads_and_ToImmutable()
    {
        var builder = ListOf(100).ToBuilder();
        builder.Add(1);
        var seen = new List<int>();
        foreach (int item in builder)
        {
            seen.Add(item);
            _ = builder[0];
            _ = builder.IndexOf(item);
            _ = builder.ToArray();
            _ = builder.ToImmutable();
        }

        Assert.Equal([.. Items(100), 1], seen);
    }

    [Fact]
    public void Builder_is_a_writable_IList()
    {
        IList<int> builder = PersistentList.CreateBuilder<int>();
        Assert.False(builder.IsReadOnly);
        builder.Add(1);
        builder.Add(3);
        builder.Insert(1, 2);
        builder[0] = 0;
        Assert.True(builder.Remove(3));
        Assert.False(builder.Remove(3));
        Assert.Equal([0, 2], builder);
        builder.Clear();
        Assert.Empty(builder);
    }

    [Fact]
    public void Builder_of_a_list_published_by_another_builder_leaves_both_alone()
    {
        var first = ListOf(1000).ToBuilder();
        for (int i = 0; i < 100; i++)
        {
            first.Add(-i);
        }

        var published = first.ToImmutable();
        var expected = published.ToArray();
        var second = published.ToBuilder();
        for (int i = 0; i < published.Count; i += 7)
        {
            second[i] = 1;
            first[i] = 2;
        }

        second.Add(3);
        first.Add(4);
        Assert.Equal(expected, published.ToArray());
        Assert.All(Enumerable.Range(0, 157).Select(i => i * 7), i => Assert.Equal((1, 2), (second[i], first[i])));
    }
}
