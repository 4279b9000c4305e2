using System.Collections.Concurrent;

namespace CowCollections.Tests.Dictionary;

/// <summary>The ConcurrentDictionary-shaped members, compared call by call with ConcurrentDictionary.</summary>
public class CopyOnWriteDictionaryConcurrentMembersTests
{
    [Fact]
    public void AddOrUpdate_with_a_factory_argument_answers_as_ConcurrentDictionary()
    {
        var cow = new CopyOnWriteDictionary<string, int>();
        var reference = new ConcurrentDictionary<string, int>();
        var cowCalls = new List<string>();
        var referenceCalls = new List<string>();
        foreach (string key in new[] { "a", "b", "a", "a", "c", "b" })
        {
            int got = cow.AddOrUpdate(key, (k, arg) => { cowCalls.Add("add " + k + arg); return arg; },
                (k, old, arg) => { cowCalls.Add("update " + k + old + arg); return old * 10 + arg; }, 7);
            int expected = reference.AddOrUpdate(key, (k, arg) => { referenceCalls.Add("add " + k + arg); return arg; },
                (k, old, arg) => { referenceCalls.Add("update " + k + old + arg); return old * 10 + arg; }, 7);
            Assert.Equal(expected, got);
        }

        Assert.Equal(referenceCalls, cowCalls);
        Assert.Equal(reference.OrderBy(p => p.Key), cow.OrderBy(p => p.Key));
    }

    [Fact]
    public void AddOrUpdate_with_a_factory_argument_names_null_arguments_as_ConcurrentDictionary()
    {
        var cow = new CopyOnWriteDictionary<string, int>();
        var reference = new ConcurrentDictionary<string, int>();
        Func<string, int, int> add = (_, a) => a;
        Func<string, int, int, int> update = (_, o, a) => o + a;
        void Same(Action cowCall, Action referenceCall) =>
            Assert.Equal(Assert.Throws<ArgumentNullException>(referenceCall).ParamName, Assert.Throws<ArgumentNullException>(cowCall).ParamName);

        Same(() => cow.AddOrUpdate(null!, add, update, 1), () => reference.AddOrUpdate(null!, add, update, 1));
        Same(() => cow.AddOrUpdate("k", null!, update, 1), () => reference.AddOrUpdate("k", null!, update, 1));
        Same(() => cow.AddOrUpdate("k", add, null!, 1), () => reference.AddOrUpdate("k", add, null!, 1));
        Same(() => cow.AddOrUpdate(null!, null!, null!, 1), () => reference.AddOrUpdate(null!, null!, null!, 1));
        Assert.Empty(cow);
    }

    [Fact]
    public void TryRemove_of_a_pair_removes_only_a_matching_value_as_ConcurrentDictionary()
    {
        var entries = new[] { KeyValuePair.Create("a", 1), KeyValuePair.Create("b", 2), KeyValuePair.Create("c", 3) };
        var cow = new CopyOnWriteDictionary<string, int>(entries);
        var reference = new ConcurrentDictionary<string, int>(entries);
        long version = cow.Version;
        foreach (var probe in new[] { KeyValuePair.Create("a", 2), KeyValuePair.Create("z", 1), KeyValuePair.Create("a", 1), KeyValuePair.Create("a", 1), KeyValuePair.Create("c", 3) })
        {
            Assert.Equal(reference.TryRemove(probe), cow.TryRemove(probe));
            Assert.Equal(reference.OrderBy(p => p.Key), cow.OrderBy(p => p.Key));
        }

        Assert.Equal(version + 2, cow.Version);
        Assert.Equal(
            Assert.Throws<ArgumentNullException>(() => reference.TryRemove(KeyValuePair.Create<string, int>(null!, 1))).ParamName,
            Assert.Throws<ArgumentNullException>(() => cow.TryRemove(KeyValuePair.Create<string, int>(null!, 1))).ParamName);
    }

    [Fact]
    public void TryRemove_of_a_pair_compares_values_with_the_value_comparer()
    {
        var ignoreCase = PersistentDictionary.Create<int, string>(null, StringComparer.OrdinalIgnoreCase).Add(1, "Value");
        var cow = new CopyOnWriteDictionary<int, string>(ignoreCase);
        Assert.True(cow.TryRemove(KeyValuePair.Create(1, "VALUE")));
        Assert.Empty(cow);

        var nulls = new CopyOnWriteDictionary<int, string?>(new[] { KeyValuePair.Create(1, (string?)null) });
        var reference = new ConcurrentDictionary<int, string?>(new[] { KeyValuePair.Create(1, (string?)null) });
        Assert.Equal(reference.TryRemove(KeyValuePair.Create(1, (string?)"x")), nulls.TryRemove(KeyValuePair.Create(1, (string?)"x")));
        Assert.Equal(reference.TryRemove(KeyValuePair.Create(1, (string?)null)), nulls.TryRemove(KeyValuePair.Create(1, (string?)null)));
        Assert.Empty(nulls);
    }

    [Fact]
    public void ICollection_Remove_of_a_pair_is_TryRemove()
    {
        ICollection<KeyValuePair<string, int>> cow = new CopyOnWriteDictionary<string, int>(new[] { KeyValuePair.Create("a", 1) });
        Assert.False(cow.Remove(KeyValuePair.Create("a", 2)));
        Assert.True(cow.Remove(KeyValuePair.Create("a", 1)));
        Assert.Empty(cow);
    }
}
