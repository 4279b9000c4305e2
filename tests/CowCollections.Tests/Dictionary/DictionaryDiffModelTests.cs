using Xunit.Abstractions;

namespace CowCollections.Tests.Dictionary;

/// <summary>
/// <c>Diff</c> between versions that do not descend from one another, against a brute-force diff of two
/// <see cref="Dictionary{TKey, TValue}"/> models: dictionaries built apart (in another order, through another path)
/// with equal or nearly equal contents, siblings edited from one parent, and a version against a rebuilt copy of
/// another, under spread hashes, shared low bits and forced collisions. Persistent hash tries have shipped diffs
/// that drop an update next to a shared leaf; the sibling and rebuilt cases put changes right beside shared nodes.
/// Each run prints its seed; <c>COW_REPLAY=seed</c> replays it.
/// </summary>
public class DictionaryDiffModelTests(ITestOutputHelper output)
{
    private static readonly Func<int, int>[] Strategies = HashStrategies.All;

    [Fact]
    public void Diff_of_unrelated_sibling_and_rebuilt_versions_equals_the_brute_force_diff()
    {
        int seed = Environment.GetEnvironmentVariable("COW_REPLAY") is { Length: > 0 } replay
            ? int.Parse(replay, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"diff model seed: COW_REPLAY={seed}");
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            var hash = Strategies[random.Next(Strategies.Length)];
            int range = random.Next(1, 4) switch { 1 => 40, 2 => 600, _ => 5000 };
            var parentModel = new Dictionary<HashKey, int>();
            for (int i = random.Next(range); i > 0; i--)
            {
                int id = random.Next(range);
                parentModel[new HashKey(id, hash(id))] = random.Next(4);
            }

            string at = $"seed {seed} round {round} ({parentModel.Count} entries, range {range})";
            var parent = BuildOneByOne(parentModel, random);

            // Built apart: the same content through the bulk path and in another insertion order.
            var apart = PersistentDictionary.CreateRange(parentModel);
            Check(parentModel, parentModel, parent.Diff(apart), $"{at}: equal content built apart");
            Check(parentModel, parentModel, BuildOneByOne(parentModel, random).Diff(apart), $"{at}: equal content in two orders");

            // Nearly equal content built apart.
            var nearModel = Edit(parentModel, random, hash, range);
            Check(parentModel, nearModel, parent.Diff(PersistentDictionary.CreateRange(nearModel)), $"{at}: nearly equal, built apart");
            Check(nearModel, parentModel, BuildOneByOne(nearModel, random).Diff(parent), $"{at}: nearly equal, reversed");

            // Siblings: two edits of one parent, each sharing most nodes with it.
            var leftModel = Edit(parentModel, random, hash, range);
            var rightModel = Edit(parentModel, random, hash, range);
            var left = Apply(parent, parentModel, leftModel);
            var right = Apply(parent, parentModel, rightModel);
            Check(leftModel, rightModel, left.Diff(right), $"{at}: siblings");
            Check(rightModel, leftModel, right.Diff(left), $"{at}: siblings, reversed");

            // A derived version against a rebuilt copy of its parent.
            Check(parentModel, leftModel, PersistentDictionary.CreateRange(parentModel).Diff(left), $"{at}: rebuilt parent against a child");
        }
    }

    private static PersistentDictionary<HashKey, int> BuildOneByOne(Dictionary<HashKey, int> model, Random random)
    {
        var d = PersistentDictionary<HashKey, int>.Empty;
        foreach (var (key, value) in model.OrderBy(_ => random.Next()))
        {
            d = d.SetItem(key, value);
        }

        return d;
    }

    /// <summary>A copy of <paramref name="model"/> with up to 4 changes: adds, removals and value changes.</summary>
    private static Dictionary<HashKey, int> Edit(Dictionary<HashKey, int> model, Random random, Func<int, int> hash, int range)
    {
        var edited = new Dictionary<HashKey, int>(model);
        for (int i = random.Next(5); i > 0; i--)
        {
            int id = random.Next(range);
            var key = new HashKey(id, hash(id));
            switch (random.Next(3))
            {
                case 0:
                    edited.Remove(key);
                    break;
                default:
                    edited[key] = random.Next(4);
                    break;
            }
        }

        return edited;
    }

    /// <summary><paramref name="from"/> edited into <paramref name="to"/> with SetItem and Remove (sharing every untouched node).</summary>
    private static PersistentDictionary<HashKey, int> Apply(PersistentDictionary<HashKey, int> from, Dictionary<HashKey, int> fromModel, Dictionary<HashKey, int> to)
    {
        var d = from;
        foreach (var key in fromModel.Keys.Where(k => !to.ContainsKey(k)))
        {
            d = d.Remove(key);
        }

        foreach (var (key, value) in to)
        {
            d = d.SetItem(key, value);
        }

        return d;
    }

    private static void Check(Dictionary<HashKey, int> older, Dictionary<HashKey, int> newer, IReadOnlyList<DictionaryChange<HashKey, int>> diff, string context)
    {
        var expected = new HashSet<DictionaryChange<HashKey, int>>();
        foreach (var (key, value) in older)
        {
            if (!newer.TryGetValue(key, out int now))
            {
                expected.Add(new(DictionaryChangeKind.Removed, key, value, default));
            }
            else if (now != value)
            {
                expected.Add(new(DictionaryChangeKind.Changed, key, value, now));
            }
        }

        foreach (var (key, value) in newer)
        {
            if (!older.ContainsKey(key))
            {
                expected.Add(new(DictionaryChangeKind.Added, key, default, value));
            }
        }

        var actual = new HashSet<DictionaryChange<HashKey, int>>(diff);
        Assert.True(actual.Count == diff.Count, $"{context}: a change is reported twice: [{string.Join("; ", diff)}]");
        Assert.True(expected.SetEquals(actual), $"{context}: expected [{string.Join("; ", expected)}], got [{string.Join("; ", diff)}]");
    }
}
