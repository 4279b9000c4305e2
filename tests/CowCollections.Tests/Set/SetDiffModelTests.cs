using CowCollections.Tests.Dictionary;
using Xunit.Abstractions;

namespace CowCollections.Tests.Set;

/// <summary>
/// <see cref="PersistentHashSet{T}.Diff"/> against a brute-force diff of two models: siblings (two edits of one parent),
/// versions built apart with equal or nearly equal content, a rebuilt parent against a child, sizes from 0 to a few
/// thousand under spread, shared-low-bit and colliding hashes, and versions with different comparers (the older is
/// re-keyed under the newer's comparer, and the changes turn that re-keyed set into the newer). Each element appears
/// once and applying the diff to the older gives the newer. The seed is printed; <c>COW_REPLAY=seed</c> replays it.
/// </summary>
public sealed class SetDiffModelTests(ITestOutputHelper output)
{
    private int Seed()
    {
        int seed = Environment.GetEnvironmentVariable("COW_REPLAY") is { Length: > 0 } replay && !replay.Contains(',', StringComparison.Ordinal)
            ? int.Parse(replay, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"set diff model seed: COW_REPLAY={seed}");
        return seed;
    }

    [Fact]
    public void Diff_of_siblings_and_versions_built_apart_equals_the_brute_force_diff()
    {
        int seed = Seed();
        var random = new Random(seed);
        for (int round = 0; round < 80; round++)
        {
            var hash = HashStrategies.All[random.Next(HashStrategies.All.Length)];
            int range = random.Next(4) switch { 0 => 3, 1 => 40, 2 => 600, _ => 3000 };
            if (hash == HashStrategies.All[3] || hash == HashStrategies.All[2])
            {
                range = Math.Min(range, 300); // one collision node holds them all: quadratic, and the small sizes say as much
            }
            var parentModel = new HashSet<HashKey>();
            for (int i = random.Next(range); i > 0; i--)
            {
                int id = random.Next(range);
                parentModel.Add(new HashKey(id, hash(id)));
            }

            string at = $"seed {seed} round {round} ({parentModel.Count} elements, range {range})";
            var parent = OneByOne(parentModel, random);
            SetCheck.Deep(parent);
            Check(parent, PersistentHashSet.CreateRange(parentModel), $"{at}: equal content built apart");
            var nearModel = Edit(parentModel, random, hash, range);
            Check(parent, PersistentHashSet.CreateRange(nearModel), $"{at}: nearly equal, built apart");
            Check(OneByOne(nearModel, random), parent, $"{at}: nearly equal, reversed");
            var left = Apply(parent, Edit(parentModel, random, hash, range));
            var right = Apply(parent, Edit(parentModel, random, hash, range));
            Check(left, right, $"{at}: siblings");
            Check(right, left, $"{at}: siblings, reversed");
            Check(PersistentHashSet.CreateRange(parentModel), left, $"{at}: rebuilt parent against a child");
            Check(PersistentHashSet<HashKey>.Empty, left, $"{at}: from empty");
            Check(left, left.Clear(), $"{at}: to empty");
        }
    }

    [Fact]
    public void Diff_between_different_comparers_turns_the_rekeyed_older_into_the_newer()
    {
        int seed = Seed();
        var random = new Random(seed);
        IEqualityComparer<string?>[] comparers = [StringComparer.Ordinal, StringComparer.OrdinalIgnoreCase, CollidingIgnoreCaseComparer.Instance, CollidingOrdinalComparer.Instance];
        for (int round = 0; round < 100; round++)
        {
            int range = random.Next(1, 300);
            string? Element() => random.Next(50) == 0 ? null : new string(("s" + random.Next(range)).Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : c).ToArray());
            var olderComparer = comparers[random.Next(comparers.Length)];
            var newerComparer = comparers[random.Next(comparers.Length)];
            var older = PersistentHashSet.CreateRange(olderComparer, Enumerable.Range(0, random.Next(range)).Select(_ => Element()));
            var newer = PersistentHashSet.CreateRange(newerComparer, older.Where(_ => random.Next(4) != 0).Concat(Enumerable.Range(0, random.Next(5)).Select(_ => Element())));
            Check(older, newer, $"seed {seed} round {round}: {olderComparer} to {newerComparer}");
        }
    }

    private static void Check<T>(PersistentHashSet<T> older, PersistentHashSet<T> newer, string at)
    {
        var diff = older.Diff(newer);
        var comparer = newer.KeyComparer;
        var rekeyed = older.WithComparer(comparer);
        var oldModel = new HashSet<T>(rekeyed, comparer);
        var newModel = new HashSet<T>(newer, comparer);
        var removed = new HashSet<T>(comparer);
        var added = new HashSet<T>(comparer);
        foreach (var change in diff)
        {
            var target = change.Kind == SetChangeKind.Added ? added : removed;
            if (!target.Add(change.Item) || (change.Kind == SetChangeKind.Added ? removed : added).Contains(change.Item))
            {
                Assert.Fail($"{at}: {change} appears twice in [{string.Join("; ", diff)}]");
            }

            bool ok = change.Kind == SetChangeKind.Added
                ? newModel.TryGetValue(change.Item, out var stored) && !oldModel.Contains(change.Item) && SetCheck.Same(stored, change.Item)
                : oldModel.TryGetValue(change.Item, out stored) && !newModel.Contains(change.Item) && SetCheck.Same(stored, change.Item);
            if (!ok)
            {
                Assert.Fail($"{at}: {change} is not a change (or not the stored object)");
            }
        }

        int expected = oldModel.Count(e => !newModel.Contains(e)) + newModel.Count(e => !oldModel.Contains(e));
        if (expected != diff.Count)
        {
            Assert.Fail($"{at}: expected {expected} changes, got {diff.Count}: [{string.Join("; ", diff)}]");
        }

        var applied = rekeyed.Except(removed).Union(added);
        if (!applied.SetEquals(newer))
        {
            Assert.Fail($"{at}: applying the diff to the older does not give the newer");
        }
    }

    private static PersistentHashSet<HashKey> OneByOne(HashSet<HashKey> model, Random random)
    {
        var s = PersistentHashSet<HashKey>.Empty;
        foreach (var e in model.OrderBy(_ => random.Next()))
        {
            s = s.Add(e);
        }

        return s;
    }

    private static HashSet<HashKey> Edit(HashSet<HashKey> model, Random random, Func<int, int> hash, int range)
    {
        var edited = new HashSet<HashKey>(model);
        for (int i = random.Next(5); i > 0; i--)
        {
            int id = random.Next(range);
            var key = new HashKey(id, hash(id));
            if (random.Next(2) == 0)
            {
                edited.Remove(key);
            }
            else
            {
                edited.Add(key);
            }
        }

        return edited;
    }

    private static PersistentHashSet<HashKey> Apply(PersistentHashSet<HashKey> from, HashSet<HashKey> to)
    {
        var s = from;
        foreach (var e in from.Where(e => !to.Contains(e)).ToList())
        {
            s = s.Remove(e);
        }

        foreach (var e in to)
        {
            s = s.Add(e);
        }

        SetCheck.Deep(s);
        return s;
    }
}
