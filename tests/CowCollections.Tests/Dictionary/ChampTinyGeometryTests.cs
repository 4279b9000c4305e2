using System.Runtime.CompilerServices;
using CowCollections.Internal;
using CowCollections.Internal.Champ;
using Xunit.Abstractions;

namespace CowCollections.Tests.Dictionary;

/// <summary>
/// The CHAMP engine at a tiny geometry (<see cref="ChampTinyGeometry"/>: 4-way nodes over 12 hash bits), where a few
/// hundred keys make a trie six levels deep and keys often collide: a model test of the core (persistent and builder,
/// with the deep check after every step and old versions checked unchanged), the bulk build against insertion, and
/// <c>Diff</c> against a brute-force diff. Each run prints its seed; <c>COW_REPLAY=seed</c> replays it.
/// </summary>
public class ChampTinyGeometryTests(ITestOutputHelper output)
{
    private static readonly Func<int, int>[] Strategies = HashStrategies.All;

    private int Seed(string what)
    {
        int seed = Environment.GetEnvironmentVariable("COW_REPLAY") is { Length: > 0 } replay
            ? int.Parse(replay, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"{what} seed: COW_REPLAY={seed}");
        return seed;
    }

    [Fact]
    public void The_tiny_geometry_fits_the_cursor_path_and_reaches_depth_six_with_a_few_hundred_keys()
    {
        Assert.True(ChampTinyGeometry.MaxDepth <= TrieGeometry.ChampMaxDepth);
        // Random ints (an int is its own hash): 400 of them over 12 hash bits share prefixes down to the collision depth.
        var random = new Random(400);
        var core = Empty<int>();
        for (int i = 0; i < 400; i++)
        {
            core.Set(random.Next(), i, ChampSetMode.Overwrite);
        }

        ChampChecker<int, int, ChampTinyGeometry>.Check(core.Root, core.Count, null);
        var (_, collisionNodes, depth) = ChampChecker<int, int, ChampTinyGeometry>.Shape(core.Root);
        Assert.Equal(ChampTinyGeometry.MaxDepth, depth);
        Assert.True(collisionNodes > 0, "400 keys over 12 hash bits collide");
    }

    [Fact]
    public void Tiny_geometry_core_against_a_dictionary_model_with_a_deep_check_after_every_step()
    {
        int seed = Seed("tiny model");
        var random = new Random(seed);
        for (int round = 0; round < 25; round++)
        {
            var hash = Strategies[random.Next(Strategies.Length)];
            int range = random.Next(1, 4) switch { 1 => 30, 2 => 300, _ => 2000 };
            var persistent = Empty<HashKey>();
            var builder = Empty<HashKey>();
            builder.Owner = new EditToken();
            var model = new Dictionary<HashKey, int>();
            var frozen = new List<(ChampNode<HashKey, int> Root, int Count, Dictionary<HashKey, int> Model)>();
            int steps = random.Next(50, 400);
            for (int step = 0; step < steps; step++)
            {
                string at = $"seed {seed} round {round} step {step}";
                int id = random.Next(range);
                var key = new HashKey(id, hash(id));
                int value = random.Next(3);
                int op = random.Next(10);
                if (op < 6)
                {
                    var mode = op == 5 ? ChampSetMode.KeepExisting : ChampSetMode.Overwrite;
                    var expected = !model.TryGetValue(key, out int present) ? ChampSetResult.Added
                        : mode == ChampSetMode.KeepExisting || present == value ? ChampSetResult.Unchanged : ChampSetResult.Replaced;
                    if (mode == ChampSetMode.Overwrite || expected == ChampSetResult.Added)
                    {
                        model[key] = value;
                    }

                    Assert.True(expected == persistent.Set(key, value, mode), at);
                    Assert.True(expected == builder.Set(key, value, mode), at);
                }
                else if (op < 9)
                {
                    bool expected = model.Remove(key, out int old);
                    Assert.True(expected == persistent.Remove(key, out int a), at);
                    Assert.True(expected == builder.Remove(key, out int b), at);
                    Assert.True(!expected || (old == a && old == b), at);
                }
                else
                {
                    // Publish the builder's version: its nodes freeze, and later edits must copy them.
                    frozen.Add((builder.Root, builder.Count, new Dictionary<HashKey, int>(model)));
                    builder.Owner = new EditToken();
                    frozen.Add((persistent.Root, persistent.Count, new Dictionary<HashKey, int>(model)));
                }

                CheckCore(persistent, model, at + " (persistent)");
                CheckCore(builder, model, at + " (builder)");
            }

            foreach (var (root, count, snapshot) in frozen)
            {
                var core = Empty<HashKey>();
                core.Root = root;
                core.Count = count;
                CheckCore(core, snapshot, $"seed {seed} round {round}: a frozen version");
            }
        }
    }

    [Fact]
    public void Tiny_geometry_bulk_build_has_the_content_and_shape_of_insertion()
    {
        int seed = Seed("tiny bulk");
        var random = new Random(seed);
        for (int round = 0; round < 100; round++)
        {
            var hash = Strategies[random.Next(Strategies.Length)];
            var ids = Enumerable.Range(0, random.Next(0, 1500)).Select(_ => random.Next(2000)).ToArray();
            var entries = ids.Select((id, i) => new ChampEntry<HashKey, int>(new HashKey(id, hash(id)), i, (uint)hash(id))).ToArray();
            var root = ChampBulk<HashKey, int, ChampTinyGeometry>.Build(entries, null, out int count);
            var inserted = Empty<HashKey>();
            var model = new Dictionary<HashKey, int>();
            foreach (var e in entries)
            {
                inserted.Set(e.Key, e.Value, ChampSetMode.Overwrite);
                model[e.Key] = e.Value;
            }

            var built = Empty<HashKey>();
            built.Root = root;
            built.Count = count;
            string at = $"seed {seed} round {round}";
            CheckCore(built, model, at);
            Assert.True(ChampChecker<HashKey, int, ChampTinyGeometry>.Shape(inserted.Root) == ChampChecker<HashKey, int, ChampTinyGeometry>.Shape(root), at);
            Assert.True(ChampDiff<HashKey, int, ChampTinyGeometry>.Equal(inserted.Root, root, 0, null, EqualityComparer<int>.Default), at);
        }
    }

    [Fact]
    public void Tiny_geometry_diff_of_siblings_and_of_versions_built_apart_equals_the_brute_force_diff()
    {
        int seed = Seed("tiny diff");
        var random = new Random(seed);
        for (int round = 0; round < 150; round++)
        {
            var hash = Strategies[random.Next(Strategies.Length)];
            int range = random.Next(1, 3) == 1 ? 60 : 1500;
            var parent = Empty<HashKey>();
            var parentModel = new Dictionary<HashKey, int>();
            for (int i = random.Next(range); i > 0; i--)
            {
                int id = random.Next(range);
                parent.Set(new HashKey(id, hash(id)), i % 5, ChampSetMode.Overwrite);
                parentModel[new HashKey(id, hash(id))] = i % 5;
            }

            var left = parent;
            var right = parent;
            var leftModel = new Dictionary<HashKey, int>(parentModel);
            var rightModel = new Dictionary<HashKey, int>(parentModel);
            Edit(ref left, leftModel, random, hash, range);
            Edit(ref right, rightModel, random, hash, range);
            var apart = Empty<HashKey>();
            foreach (var (k, v) in rightModel.OrderBy(_ => random.Next()))
            {
                apart.Set(k, v, ChampSetMode.Overwrite);
            }

            string at = $"seed {seed} round {round}";
            AssertDiff(leftModel, rightModel, left.Root, right.Root, at + ": siblings");
            AssertDiff(parentModel, rightModel, parent.Root, apart.Root, at + ": built apart");
            AssertDiff(rightModel, leftModel, apart.Root, left.Root, at + ": built apart, reversed");
        }
    }

    private static void Edit(ref ChampCore<HashKey, int, ChampTinyGeometry> core, Dictionary<HashKey, int> model, Random random, Func<int, int> hash, int range)
    {
        for (int i = random.Next(1, 6); i > 0; i--)
        {
            int id = random.Next(range);
            var key = new HashKey(id, hash(id));
            if (random.Next(3) == 0)
            {
                core.Remove(key, out _);
                model.Remove(key);
            }
            else
            {
                core.Set(key, 7 + i, ChampSetMode.Overwrite);
                model[key] = 7 + i;
            }
        }
    }

    private static void AssertDiff(Dictionary<HashKey, int> older, Dictionary<HashKey, int> newer, ChampNode<HashKey, int> a, ChampNode<HashKey, int> b, string at)
    {
        var changes = new List<DictionaryChange<HashKey, int>>();
        ChampDiff<HashKey, int, ChampTinyGeometry>.Diff(a, b, 0, null, EqualityComparer<int>.Default, changes);
        var expected = new HashSet<string>();
        foreach (var (k, v) in older)
        {
            if (!newer.TryGetValue(k, out int w))
            {
                expected.Add($"removed {k} {v}");
            }
            else if (v != w)
            {
                expected.Add($"changed {k} {v}->{w}");
            }
        }

        foreach (var (k, w) in newer)
        {
            if (!older.ContainsKey(k))
            {
                expected.Add($"added {k} {w}");
            }
        }

        var actual = changes.Select(c => c.Kind switch
        {
            DictionaryChangeKind.Removed => $"removed {c.Key} {c.OldValue}",
            DictionaryChangeKind.Added => $"added {c.Key} {c.NewValue}",
            _ => $"changed {c.Key} {c.OldValue}->{c.NewValue}",
        }).ToList();
        Assert.True(actual.Count == expected.Count && expected.SetEquals(actual), $"{at}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
    }

    private static ChampCore<TKey, int, ChampTinyGeometry> Empty<TKey>()
        where TKey : notnull =>
        new(ChampNode<TKey, int>.Empty, 0, ChampKeys<TKey>.Normalize(null), EqualityComparer<int>.Default);

    private static void CheckCore(ChampCore<HashKey, int, ChampTinyGeometry> core, Dictionary<HashKey, int> model, string at)
    {
        ChampChecker<HashKey, int, ChampTinyGeometry>.Check(core.Root, core.Count, null);
        if (model.Count != core.Count)
        {
            Assert.Fail($"{at}: count {core.Count}, model {model.Count}");
        }

        var cursor = new ChampCursor<HashKey, int>(core.Root);
        int seen = 0;
        while (cursor.MoveNext())
        {
            ref var entry = ref cursor.Current;
            if (!model.TryGetValue(entry.Key, out int value) || value != entry.Value)
            {
                Assert.Fail($"{at}: enumerated {entry.Key} -> {entry.Value}, not in the model");
            }

            seen++;
        }

        if (seen != model.Count)
        {
            Assert.Fail($"{at}: enumerated {seen} of {model.Count}");
        }

        foreach (var (key, value) in model)
        {
            ref var found = ref core.Find(key);
            if (Unsafe.IsNullRef(ref found) || found.Value != value)
            {
                Assert.Fail($"{at}: lookup of {key} missed or read another value");
            }
        }
    }
}
