using CowCollections.Tests.Dictionary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CowCollections.Tests.Conformance;

public enum OpKind
{
    Set,
    Add,
    TryAdd,
    Remove,
    SetItems,
    RemoveRange,
    Clear,
    Publish,
}

/// <summary>One step of a random program; <see cref="Keys"/> is the batch of SetItems/RemoveRange.</summary>
public sealed record Op(OpKind Kind, int Key, int Value, int[] Keys)
{
    public override string ToString() => Kind switch
    {
        OpKind.SetItems or OpKind.RemoveRange => $"{Kind}([{string.Join(",", Keys)}] = {Value})",
        _ => $"{Kind}({Key}, {Value})",
    };
}

public static class DictionaryGenerators
{
    /// <summary>Programs of up to ~300 steps over 0..199 keys and 4 values (so equal-value adds happen).</summary>
    public static Arbitrary<Op[]> Ops()
    {
        var key = Gen.Choose(0, 199);
        var value = Gen.Choose(0, 3);
        var batch = Gen.Choose(0, 12).SelectMany(n => Gen.ListOf(key, n)).Select(l => l.ToArray());
        Gen<Op> Simple(OpKind kind) => Gen.Zip(key, value).Select(t => new Op(kind, t.Item1, t.Item2, []));
        var op = Gen.Frequency(
            (30, Simple(OpKind.Set)),
            (8, Simple(OpKind.Add)),
            (6, Simple(OpKind.TryAdd)),
            (25, Simple(OpKind.Remove)),
            (5, Gen.Zip(batch, value).Select(t => new Op(OpKind.SetItems, 0, t.Item2, t.Item1))),
            (4, batch.Select(b => new Op(OpKind.RemoveRange, 0, 0, b))),
            (1, Gen.Constant(new Op(OpKind.Clear, 0, 0, []))),
            (4, Gen.Constant(new Op(OpKind.Publish, 0, 0, []))));
        var program = Gen.Sized(size => Gen.Choose(0, 20 + (size * 2)).SelectMany(n => Gen.ListOf(op, n)).Select(l => l.ToArray()));
        return Arb.From(program);
    }
}

/// <summary>
/// Model-based tests: random programs run against <see cref="PersistentDictionary{TKey, TValue}"/>, its
/// builder and <see cref="Dictionary{TKey, TValue}"/>, with the CHAMP deep-check after every step, Diff
/// checked against a model diff, and every earlier version re-checked at the end (persistence).
/// On failure FsCheck prints the counterexample and its replay seed; replay it with
/// <c>[Property(Replay = "(seed, gamma)")]</c> on the failing test.
/// </summary>
[Properties(Arbitrary = [typeof(DictionaryGenerators)], MaxTest = 25)]
public sealed class DictionaryModelTests
{
    [Property]
    public void Int_keys(Op[] ops) => ModelRunner.Run(ops, i => i, null);

    [Property]
    public void Int_keys_with_a_custom_comparer_whose_hashes_share_the_low_bits(Op[] ops) =>
        ModelRunner.Run(ops, i => i, new ForcedHashComparer(HashStrategies.LowBitsEqual));

    [Property]
    public void String_keys(Op[] ops) => ModelRunner.Run(ops, i => "key-" + i, null);

    [Property]
    public void Keys_with_all_equal_hashes(Op[] ops) => ModelRunner.Run(ops, i => new HashKey(i, HashStrategies.AllEqual(i)), null);

    [Property]
    public void Keys_with_hashes_equal_in_the_low_bits(Op[] ops) => ModelRunner.Run(ops, i => new HashKey(i, HashStrategies.LowBitsEqual(i)), null);

    [Property]
    public void Keys_with_full_hash_collisions(Op[] ops) => ModelRunner.Run(ops, i => new HashKey(i, HashStrategies.FullCollisionGroups(i)), null);

    [Property(MaxTest = 30)]
    public void Canonical_form_does_not_depend_on_insertion_order_or_history(int[] keys, int seed)
    {
        var distinct = keys.Distinct().ToArray();
        var a = PersistentDictionary<HashKey, int>.Empty;
        foreach (var k in distinct)
        {
            a = a.SetItem(new HashKey(k, HashStrategies.LowBitsEqual(k) ^ (k & 0x7FFF)), k);
        }

        var shuffled = distinct.OrderBy(k => HashCode.Combine(k, seed)).ToArray();
        var b = PersistentDictionary<HashKey, int>.Empty;
        foreach (var k in shuffled)
        {
            b = b.SetItem(new HashKey(k, HashStrategies.LowBitsEqual(k) ^ (k & 0x7FFF)), k);
            b = b.SetItem(new HashKey(k + 1_000_000, 0), 0);
        }

        foreach (var k in shuffled)
        {
            b = b.Remove(new HashKey(k + 1_000_000, 0));
        }

        Champ.Check(a);
        Champ.Check(b);
        Assert.True(a.DictionaryEquals(b), "equal contents must have equal canonical shape");
        Assert.Equal(Internal.Champ.ChampChecker<HashKey, int, Internal.ChampDefaultGeometry>.Shape(a.Root), Internal.Champ.ChampChecker<HashKey, int, Internal.ChampDefaultGeometry>.Shape(b.Root));
    }
}

internal static class ModelRunner
{
    public static void Run<TKey>(Op[] ops, Func<int, TKey> makeKey, IEqualityComparer<TKey>? comparer)
        where TKey : notnull
    {
        var model = new Dictionary<TKey, int>(comparer);
        var value = PersistentDictionary.Create<TKey, int>(comparer);
        var builder = value.ToBuilder();
        var versions = new List<(PersistentDictionary<TKey, int> Version, Dictionary<TKey, int> Model)> { (value, new Dictionary<TKey, int>(model, comparer)) };
        for (int step = 0; step < ops.Length; step++)
        {
            var op = ops[step];
            var key = makeKey(op.Key);
            var before = value;
            var beforeModel = new Dictionary<TKey, int>(model, comparer);
            switch (op.Kind)
            {
                case OpKind.Set:
                    model[key] = op.Value;
                    value = value.SetItem(key, op.Value);
                    builder[key] = op.Value;
                    break;
                case OpKind.Add:
                    if (model.TryGetValue(key, out var present) && present != op.Value)
                    {
                        Assert.Throws<ArgumentException>(() => value.Add(key, op.Value));
                        Assert.Throws<ArgumentException>(() => builder.Add(key, op.Value));
                    }
                    else
                    {
                        model[key] = op.Value;
                        var added = value.Add(key, op.Value);
                        Assert.Equal(present == op.Value && beforeModel.ContainsKey(key), ReferenceEquals(added, value));
                        value = added;
                        builder.Add(key, op.Value);
                    }

                    break;
                case OpKind.TryAdd:
                    bool expectAdd = model.TryAdd(key, op.Value);
                    value = value.TryAdd(key, op.Value);
                    Assert.Equal(expectAdd, builder.TryAdd(key, op.Value));
                    break;
                case OpKind.Remove:
                    bool expectRemove = model.Remove(key);
                    var removed = value.Remove(key);
                    Assert.Equal(expectRemove, !ReferenceEquals(removed, value));
                    value = removed;
                    Assert.Equal(expectRemove, builder.Remove(key));
                    break;
                case OpKind.SetItems:
                    var items = op.Keys.Select((k, i) => new KeyValuePair<TKey, int>(makeKey(k), op.Value + i)).ToArray();
                    foreach (var item in items)
                    {
                        model[item.Key] = item.Value;
                    }

                    value = value.SetItems(items);
                    builder.SetItems(items);
                    break;
                case OpKind.RemoveRange:
                    var keys = op.Keys.Select(makeKey).ToArray();
                    foreach (var k in keys)
                    {
                        model.Remove(k);
                    }

                    value = value.RemoveRange(keys);
                    builder.RemoveRange(keys);
                    break;
                case OpKind.Clear:
                    model.Clear();
                    value = value.Clear();
                    builder.Clear();
                    break;
                case OpKind.Publish:
                    var published = builder.ToImmutable();
                    Assert.Same(published, builder.ToImmutable());
                    Champ.Check(published);
                    AssertSame(model, published, $"published builder after step {step} {op}");
                    versions.Add((published, new Dictionary<TKey, int>(model, comparer)));
                    break;
            }

            Champ.Check(value);
            Champ.Check(builder);
            AssertSame(model, value, $"value after step {step} {op}");
            Assert.Equal(model.Count, builder.Count);
            foreach (var kv in builder)
            {
                Assert.Equal(model[kv.Key], kv.Value);
            }

            AssertDiff(beforeModel, model, before.Diff(value), comparer, $"Diff at step {step} {op}");
            Assert.True(builder.ToImmutable().DictionaryEquals(value), $"builder and value differ after step {step} {op}");
            versions.Add((value, new Dictionary<TKey, int>(model, comparer)));
        }

        foreach (var (version, snapshot) in versions)
        {
            Champ.Check(version);
            AssertSame(snapshot, version, "an earlier version changed (persistence)");
        }

        if (versions.Count > 2)
        {
            var (first, firstModel) = versions[versions.Count / 3];
            AssertDiff(firstModel, model, first.Diff(value), comparer, "Diff of distant versions");
            AssertDiff(model, firstModel, value.Diff(first), comparer, "reverse Diff of distant versions");
            Assert.Equal(ModelEquals(firstModel, model), first.DictionaryEquals(value));
        }
    }

    private static bool ModelEquals<TKey>(Dictionary<TKey, int> a, Dictionary<TKey, int> b)
        where TKey : notnull =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static void AssertSame<TKey>(Dictionary<TKey, int> model, PersistentDictionary<TKey, int> actual, string context)
        where TKey : notnull
    {
        Assert.True(model.Count == actual.Count, $"{context}: count {actual.Count}, expected {model.Count}");
        int enumerated = 0;
        foreach (var kv in actual)
        {
            enumerated++;
            Assert.True(model.TryGetValue(kv.Key, out var expected) && expected == kv.Value, $"{context}: unexpected entry {kv}");
        }

        Assert.Equal(model.Count, enumerated);
        foreach (var kv in model)
        {
            Assert.True(actual.TryGetValue(kv.Key, out var v) && v == kv.Value, $"{context}: lookup of {kv.Key} failed");
        }
    }

    private static void AssertDiff<TKey>(Dictionary<TKey, int> older, Dictionary<TKey, int> newer, IReadOnlyList<DictionaryChange<TKey, int>> diff, IEqualityComparer<TKey>? comparer, string context)
        where TKey : notnull
    {
        var expected = new List<DictionaryChange<TKey, int>>();
        foreach (var kv in older)
        {
            if (!newer.TryGetValue(kv.Key, out var nv))
            {
                expected.Add(new(DictionaryChangeKind.Removed, kv.Key, kv.Value, default));
            }
            else if (nv != kv.Value)
            {
                expected.Add(new(DictionaryChangeKind.Changed, kv.Key, kv.Value, nv));
            }
        }

        foreach (var kv in newer)
        {
            if (!older.ContainsKey(kv.Key))
            {
                expected.Add(new(DictionaryChangeKind.Added, kv.Key, default, kv.Value));
            }
        }

        Assert.True(expected.Count == diff.Count, $"{context}: {diff.Count} changes [{string.Join("; ", diff)}], expected {expected.Count} [{string.Join("; ", expected)}]");
        var actualSet = new HashSet<DictionaryChange<TKey, int>>(diff);
        foreach (var change in expected)
        {
            Assert.True(actualSet.Contains(change), $"{context}: missing {change}; got [{string.Join("; ", diff)}]");
        }
    }
}
