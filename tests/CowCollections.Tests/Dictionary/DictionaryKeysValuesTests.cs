using System.Collections;

namespace CowCollections.Tests.Dictionary;

/// <summary>
/// <c>Keys</c> and <c>Values</c> of the dictionary and the container are struct views with struct enumerators: no copy,
/// no allocation per <c>foreach</c>, the dictionary's enumeration order, and <see cref="Dictionary{TKey, TValue}"/>'s
/// answers and exceptions on the same contents. The builder's are live read-only views.
/// </summary>
public class DictionaryKeysValuesTests
{
    [Fact]
    public void Foreach_over_Keys_and_Values_allocates_nothing_on_the_value_and_the_container()
    {
        var d = PersistentDictionary.CreateRange(Enumerable.Range(0, 10_000).Select(i => KeyValuePair.Create(i, -i)));
        var container = new CopyOnWriteDictionary<int, int>(d);
        long sum = SumKeysAndValues(d, container);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sum += SumKeysAndValues(d, container);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(0, sum);
    }

    private static long SumKeysAndValues(PersistentDictionary<int, int> d, CopyOnWriteDictionary<int, int> container)
    {
        long sum = 0;
        foreach (int key in d.Keys)
        {
            sum += key;
        }

        foreach (int value in d.Values)
        {
            sum += value;
        }

        foreach (int key in container.Keys)
        {
            sum += key;
        }

        foreach (int value in container.Values)
        {
            sum += value;
        }

        return sum;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Keys_and_Values_answer_as_Dictionary_does_in_the_dictionary_enumeration_order(int strategy)
    {
        var hash = HashStrategies.All[strategy];
        var random = new Random(strategy + 40);
        var oracle = new Dictionary<HashKey, int>();
        var d = PersistentDictionary<HashKey, int>.Empty;
        for (int i = 0; i < 600; i++)
        {
            int id = random.Next(1000);
            var key = new HashKey(id, hash(id));
            oracle[key] = id % 37;
            d = d.SetItem(key, id % 37);
        }

        Assert.Equal(oracle.Count, d.Keys.Count);
        Assert.Equal(oracle.Count, d.Values.Count);
        Assert.Equal(d.Select(kv => kv.Key), d.Keys);
        Assert.Equal(d.Select(kv => kv.Value), d.Values);
        Assert.Equal(oracle.Keys.OrderBy(k => k.Id), d.Keys.OrderBy(k => k.Id));
        for (int id = 0; id < 1000; id += 7)
        {
            var key = new HashKey(id, hash(id));
            Assert.Equal(oracle.ContainsKey(key), d.Keys.Contains(key));
        }

        for (int value = -2; value < 40; value++)
        {
            Assert.Equal(oracle.ContainsValue(value), d.Values.Contains(value));
        }

        // Through the read-only dictionary interface: a collection that knows its count (LINQ's Count() is O(1)).
        var keys = Assert.IsAssignableFrom<IReadOnlyCollection<HashKey>>(((IReadOnlyDictionary<HashKey, int>)d).Keys);
        Assert.Equal(oracle.Count, keys.Count);
        Assert.Equal(d.Keys, keys);
    }

    [Fact]
    public void A_default_key_or_value_collection_is_empty()
    {
        var keys = default(PersistentDictionary<string, int>.KeyCollection);
        var values = default(PersistentDictionary<string, int>.ValueCollection);
        Assert.True(keys.Count == 0, "Count of a default key collection");
        Assert.Empty(keys);
        Assert.False(keys.Contains("a"));
        Assert.True(values.Count == 0, "Count of a default value collection");
        Assert.Empty(values);
        Assert.False(values.Contains(1));
        Assert.False(default(PersistentDictionary<string, int>.KeyCollection.Enumerator).MoveNext());
        Assert.False(default(PersistentDictionary<string, int>.ValueCollection.Enumerator).MoveNext());
    }

    [Fact]
    public void Current_before_the_first_or_after_the_last_key_throws_what_Dictionary_throws()
    {
        var oracle = new Dictionary<string, int> { ["a"] = 1 };
        var d = PersistentDictionary.Create<string, int>().Add("a", 1);
        IEnumerator ours = ((IEnumerable)d.Keys).GetEnumerator();
        IEnumerator theirs = ((IEnumerable)oracle.Keys).GetEnumerator();
        Assert.Equal(Record.Exception(() => theirs.Current)?.GetType(), Record.Exception(() => ours.Current)?.GetType());
        Assert.True(ours.MoveNext() && theirs.MoveNext());
        Assert.Equal(theirs.Current, ours.Current);
        Assert.False(ours.MoveNext() || theirs.MoveNext());
        Assert.Equal(Record.Exception(() => theirs.Current)?.GetType(), Record.Exception(() => ours.Current)?.GetType());
        IEnumerator values = ((IEnumerable)d.Values).GetEnumerator();
        Assert.IsType<InvalidOperationException>(Record.Exception(() => values.Current));

        // Null keys are refused as Dictionary refuses them.
        Assert.Equal(
            Assert.Throws<ArgumentNullException>(() => oracle.ContainsKey(null!)).ParamName,
            Assert.Throws<ArgumentNullException>(() => d.Keys.Contains(null!)).ParamName);
    }

    [Fact]
    public void The_container_keys_are_one_snapshot_and_the_builder_keys_a_live_view()
    {
        var container = new CopyOnWriteDictionary<string, int>();
        container["a"] = 1;
        var keys = container.Keys;
        container["b"] = 2;
        Assert.Equal<string>(["a"], keys);
        Assert.Equal(2, container.Keys.Count);

        var builder = PersistentDictionary.CreateBuilder<string, int>();
        builder["a"] = 1;
        var live = builder.Keys;
        var liveValues = builder.Values;
        builder["b"] = 2;
        Assert.Equal<string>(["a", "b"], live.Order());
        Assert.Equal<int>([1, 2], liveValues.Order());
        Assert.Throws<NotSupportedException>(() => ((ICollection<string>)live).Add("c"));

        // Changing the builder during an enumeration of its keys throws, as Dictionary's key collection does.
        var oracle = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (string key in oracle.Keys)
            {
                oracle[key + "x"] = 0;
            }
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (string key in live)
            {
                builder[key + "x"] = 0;
            }
        });
    }
}
