using CowCollections.Tests.Dictionary;
using CowCollections.Tests.Support;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace CowCollections.Tests.Set;

/// <summary>
/// The elements a model test draws: <see cref="Make"/> gives a fresh object for an id (so which object a set keeps
/// is observable), <see cref="Comparers"/> are interchangeable comparers (same equality, different hashes) the
/// program switches between with WithComparer, and the trie is checked under each.
/// </summary>
public sealed class SetDomain<T>(string name, Func<Random, int, T> make, Func<Random, T, T> copy, IEqualityComparer<T>?[] comparers)
{
    public Func<Random, T, T> Copy { get; } = copy;

    public string Name { get; } = name;

    public Func<Random, int, T> Make { get; } = make;

    public IEqualityComparer<T>?[] Comparers { get; } = comparers;

    public override string ToString() => Name;
}

/// <summary>
/// Model-based tests: random programs of Add/Remove/Contains/TryGetValue, the set algebra, the comparisons,
/// Clear and WithComparer run against <see cref="PersistentHashSet{T}"/> (or its builder) and a
/// <see cref="HashSet{T}"/> model. The other operand is drawn four ways: a version derived from the current one by
/// a few edits (shares most nodes), a set built apart with equal or nearly equal content (under the same comparer
/// or an interchangeable one), a plain List or array with duplicates, or an earlier version. After every step the
/// contents and the stored objects (reference identity for strings) are compared with the model and the deep CHAMP
/// check runs; at the end every earlier version, and every set used as an operand, is checked against its snapshot.
/// The seed is printed; <c>COW_REPLAY=seed,gamma</c> replays it.
/// </summary>
public sealed class SetModelTests(ITestOutputHelper output)
{
    private const int Tests = 12;

    private static readonly SetDomain<int> Ints = new(
        "int",
        (_, id) => id,
        (_, x) => x,
        [null, new ForcedHashComparer(HashStrategies.LowBitsEqual), new ForcedHashComparer(HashStrategies.FullCollisionGroups), new ForcedHashComparer(id => id % 97)]);

    private static readonly SetDomain<string?> OrdinalStrings = new(
        "string (ordinal, null included)",
        (_, id) => id == 0 ? null : new string(("k" + id).AsSpan()),
        (_, x) => x is null ? null : new string(x.AsSpan()),
        [null, StringComparer.Ordinal, CollidingOrdinalComparer.Instance]);

    private static readonly SetDomain<string?> IgnoreCaseStrings = new(
        "string (ignore case, colliding hashes, null included)",
        (random, id) => id == 0 ? null : Recase(random, "key" + id),
        (random, x) => x is null ? null : Recase(random, x),
        [CollidingIgnoreCaseComparer.Instance, StringComparer.OrdinalIgnoreCase]);

    private static readonly SetDomain<HashKey> CollidingKeys = new(
        "HashKey (full-hash collision groups)",
        (_, id) => new HashKey(id, HashStrategies.FullCollisionGroups(id)),
        (_, x) => x,
        [null]);

    private static readonly SetDomain<HashKey> AllEqualKeys = new(
        "HashKey (all hashes equal)",
        (_, id) => new HashKey(id, HashStrategies.AllEqual(id)),
        (_, x) => x,
        [null]);

    [Fact]
    public void Int_value() => Check(Ints, builder: false);

    [Fact]
    public void Int_builder() => Check(Ints, builder: true);

    [Fact]
    public void String_value_with_null() => Check(OrdinalStrings, builder: false);

    [Fact]
    public void String_builder_with_null() => Check(OrdinalStrings, builder: true);

    [Fact]
    public void Ignore_case_string_value_keeps_the_right_objects() => Check(IgnoreCaseStrings, builder: false);

    [Fact]
    public void Ignore_case_string_builder_keeps_the_right_objects() => Check(IgnoreCaseStrings, builder: true);

    [Fact]
    public void Colliding_value() => Check(CollidingKeys, builder: false);

    [Fact]
    public void Colliding_builder() => Check(CollidingKeys, builder: true);

    [Fact]
    public void All_equal_hashes_value() => Check(AllEqualKeys, builder: false, maxRange: 200);

    private static string Recase(Random random, string s) =>
        new(s.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)).ToArray());

    private void Check<T>(SetDomain<T> domain, bool builder, int maxRange = 1500) =>
        SeededProperty.Check(output, Gen.Choose(0, 1_000_000_000), seed => new SetModelRun<T>(domain, builder, seed, maxRange).Run(), Tests);
}

/// <summary>One random program of the set model test.</summary>
internal sealed class SetModelRun<T>(SetDomain<T> domain, bool useBuilder, int seed, int maxRange)
{
    private readonly Random _random = new(seed);
    private readonly List<(PersistentHashSet<T> Set, T[] Snapshot, string At)> _history = [];
    private PersistentHashSet<T> _set = null!;
    private PersistentHashSet<T>.Builder? _builder;
    private HashSet<T> _model = null!;
    private IEqualityComparer<T>? _comparer;
    private int _range;
    private string _at = "";

    public void Run()
    {
        int[] ranges = [8, 40, 300, maxRange];
        _range = ranges[_random.Next(ranges.Length)];
        _comparer = domain.Comparers[_random.Next(domain.Comparers.Length)];
        _model = new HashSet<T>(_comparer);
        _set = PersistentHashSet.Create(_comparer);
        for (int i = _random.Next(_range); i > 0; i--)
        {
            var x = NewElement();
            _set = _set.Add(x);
            _model.Add(x);
        }

        Record(_set, "start");
        if (useBuilder)
        {
            _builder = _set.ToBuilder();
        }

        int steps = 40;
        for (int step = 0; step < steps; step++)
        {
            _at = $"{domain} {(useBuilder ? "builder" : "value")} seed {seed} step {step} (count {_model.Count}, range {_range})";
            Step();
            Verify();
            if (_builder is null)
            {
                Record(_set, _at);
            }
            else if (_random.Next(5) == 0)
            {
                Record(_builder.ToImmutable(), _at + " published");
            }
        }

        foreach (var (set, snapshot, at) in _history)
        {
            var model = new HashSet<T>(snapshot, set.KeyComparer);
            SetCheck.Deep(set);
            Compare(set, set.Count, model, $"persistence: the version of {at}, re-checked at the end");
        }
    }

    private T NewElement() => domain.Make(_random, _random.Next(_range));

    /// <summary>A fresh object equal to <paramref name="x"/> (another casing, another string instance).</summary>
    private T CopyOf(T x) => _random.Next(2) == 0 ? x : domain.Copy(_random, x);

    private PersistentHashSet<T> Current() => _builder is null ? _set : _builder.ToImmutable();

    private void Record(PersistentHashSet<T> set, string at) => _history.Add((set, set.ToArray(), at));

    private void Step()
    {
        int op = _random.Next(100);
        var x = NewElement();
        if (op < 15)
        {
            bool expected = _model.Add(x);
            if (_builder is null)
            {
                var before = _set;
                _set = _set.Add(x);
                Require(expected != ReferenceEquals(before, _set), "Add returned this set iff the element was present");
            }
            else
            {
                Require(_builder.Add(x) == expected, "Builder.Add's result");
            }
        }
        else if (op < 27)
        {
            bool expected = _model.Remove(x);
            if (_builder is null)
            {
                var before = _set;
                _set = _set.Remove(x);
                Require(expected != ReferenceEquals(before, _set), "Remove returned this set iff the element was absent");
            }
            else
            {
                Require(_builder.Remove(x) == expected, "Builder.Remove's result");
            }
        }
        else if (op < 32)
        {
            bool expected = _model.TryGetValue(x, out var stored);
            bool contains = _builder?.Contains(x) ?? _set.Contains(x);
            bool found = _builder is null ? _set.TryGetValue(x, out var actual) : _builder.TryGetValue(x, out actual);
            Require(contains == expected && found == expected, "Contains/TryGetValue");
            Require(SetCheck.Same(actual, expected ? stored! : x), "TryGetValue's actual value");
        }
        else if (op < 97)
        {
            Algebra(op);
        }
        else if (op < 98)
        {
            _model.Clear();
            if (_builder is null)
            {
                _set = _set.Clear();
            }
            else
            {
                _builder.Clear();
            }
        }
        else
        {
            var comparer = domain.Comparers[_random.Next(domain.Comparers.Length)];
            _comparer = comparer;
            if (_builder is null)
            {
                var before = _set.ToArray();
                _set = _set.WithComparer(comparer);
                _model = new HashSet<T>(before, comparer);
            }
            else
            {
                var before = _builder.ToArray();
                _builder.KeyComparer = comparer ?? EqualityComparer<T>.Default;
                _model = new HashSet<T>(before, comparer);
            }
        }
    }

    private void Algebra(int op)
    {
        var (other, distinct, kind) = Operand();
        string what = $"{(op - 32) % 13} with {kind} ({distinct.Count} distinct)";
        _at += ": " + what;
        var inModel = distinct.Where(_model.Contains).ToList();
        switch ((op - 32) % 13)
        {
            case 0:
                foreach (var e in distinct)
                {
                    _model.Add(e);
                }

                Apply(s => s.Union(other), b => b.UnionWith(other));
                break;
            case 1:
                _model = new HashSet<T>(inModel, _model.Comparer);
                Apply(s => s.Intersect(other), b => b.IntersectWith(other));
                break;
            case 2:
                foreach (var e in distinct)
                {
                    _model.Remove(e);
                }

                Apply(s => s.Except(other), b => b.ExceptWith(other));
                break;
            case 3:
                {
                    var otherSet = new HashSet<T>(distinct, _model.Comparer);
                    var next = new HashSet<T>(_model.Where(e => !otherSet.Contains(e)), _model.Comparer);
                    foreach (var e in distinct.Where(e => !_model.Contains(e)))
                    {
                        next.Add(e);
                    }

                    _model = next;
                    Apply(s => s.SymmetricExcept(other), b => b.SymmetricExceptWith(other));
                    break;
                }

            case 4:
                Compare(_model.SetEquals(distinct), s => s.SetEquals(other), b => b.SetEquals(other), "SetEquals");
                break;
            case 5:
                Compare(_model.IsSubsetOf(distinct), s => s.IsSubsetOf(other), b => b.IsSubsetOf(other), "IsSubsetOf");
                break;
            case 6:
                Compare(_model.IsSupersetOf(distinct), s => s.IsSupersetOf(other), b => b.IsSupersetOf(other), "IsSupersetOf");
                break;
            case 7:
                Compare(_model.IsProperSubsetOf(distinct), s => s.IsProperSubsetOf(other), b => b.IsProperSubsetOf(other), "IsProperSubsetOf");
                break;
            case 8:
                Compare(_model.IsProperSupersetOf(distinct), s => s.IsProperSupersetOf(other), b => b.IsProperSupersetOf(other), "IsProperSupersetOf");
                break;
            case 9:
                Compare(_model.Overlaps(distinct), s => s.Overlaps(other), b => b.Overlaps(other), "Overlaps");
                break;
            case 10:
                {
                    // An operation that changes nothing returns this set (the builder: leaves its contents).
                    int before = _model.Count;
                    foreach (var e in distinct)
                    {
                        _model.Add(e);
                    }

                    var old = _set;
                    Apply(s => s.Union(other), b => b.UnionWith(other));
                    Require(_builder is not null || ReferenceEquals(old, _set) == (before == _model.Count), "Union returns this set iff nothing was added");
                    break;
                }

            case 11:
                {
                    int before = _model.Count;
                    foreach (var e in distinct)
                    {
                        _model.Remove(e);
                    }

                    var old = _set;
                    Apply(s => s.Except(other), b => b.ExceptWith(other));
                    Require(_builder is not null || ReferenceEquals(old, _set) == (before == _model.Count), "Except returns this set iff nothing was removed");
                    break;
                }

            default:
                {
                    // Intersect again (weighted): the result holds the other side's objects.
                    _model = new HashSet<T>(inModel, _model.Comparer);
                    Apply(s => s.Intersect(other), b => b.IntersectWith(other));
                    break;
                }
        }
    }

    /// <summary>The other operand, its distinct elements in first-occurrence order (the objects it offers) and a description.</summary>
    private (IEnumerable<T> Other, List<T> Distinct, string Kind) Operand()
    {
        switch (_random.Next(5))
        {
            case 0:
            case 1:
                {
                    // Derived from the current version by a few edits: shares most nodes.
                    var derived = Current();
                    for (int i = _random.Next(5); i > 0; i--)
                    {
                        var x = NewElement();
                        derived = _random.Next(2) == 0 ? derived.Add(x) : derived.Remove(x);
                    }

                    SetCheck.Deep(derived);
                    Record(derived, _at + " (derived operand)");
                    return (derived, derived.ToList(), "a derived version");
                }

            case 2:
                {
                    // Built apart, with equal or nearly equal content, from fresh equal objects.
                    // Sometimes the whole range, far larger than a small set: the element-by-element paths.
                    var elements = _random.Next(4) == 0
                        ? Enumerable.Range(0, _range).Select(id => domain.Make(_random, id)).ToList()
                        : _model.Select(CopyOf).ToList();
                    for (int i = _random.Next(4); i > 0; i--)
                    {
                        if (_random.Next(2) == 0 && elements.Count > 0)
                        {
                            elements.RemoveAt(_random.Next(elements.Count));
                        }
                        else
                        {
                            elements.Add(NewElement());
                        }
                    }

                    elements = elements.OrderBy(_ => _random.Next()).ToList();
                    var comparer = _random.Next(4) == 0 ? domain.Comparers[_random.Next(domain.Comparers.Length)] : _model.Comparer;
                    PersistentHashSet<T> apart;
                    if (_random.Next(2) == 0)
                    {
                        apart = PersistentHashSet.CreateRange(comparer, elements);
                    }
                    else
                    {
                        var b = PersistentHashSet.CreateBuilder(comparer);
                        foreach (var e in elements)
                        {
                            b.Add(e);
                        }

                        apart = b.ToImmutable();
                    }

                    SetCheck.Deep(apart);
                    Record(apart, _at + " (apart operand)");
                    return (apart, apart.ToList(), "a set built apart");
                }

            case 3:
                {
                    // A plain sequence with duplicates: the first of equal ones is the object it offers.
                    var list = new List<T>();
                    var present = _model.ToList();
                    for (int i = _random.Next(Math.Max(2, _model.Count * 2)); i > 0; i--)
                    {
                        list.Add(present.Count > 0 && _random.Next(3) != 0 ? CopyOf(present[_random.Next(present.Count)]) : NewElement());
                    }

                    var distinct = new List<T>();
                    var seen = new HashSet<T>(_model.Comparer);
                    foreach (var e in list)
                    {
                        if (seen.Add(e))
                        {
                            distinct.Add(e);
                        }
                    }

                    return (_random.Next(2) == 0 ? list : list.ToArray(), distinct, "a sequence with duplicates");
                }

            default:
                {
                    var old = _history[_random.Next(_history.Count)].Set;
                    if (!ReferenceEquals(old.KeyComparer, Current().KeyComparer) && _random.Next(2) == 0)
                    {
                        old = old.WithComparer(_model.Comparer);
                    }

                    var distinct = new List<T>();
                    var seen = new HashSet<T>(_model.Comparer);
                    foreach (var e in old)
                    {
                        if (seen.Add(e))
                        {
                            distinct.Add(e);
                        }
                    }

                    return (old, distinct, "an earlier version");
                }
        }
    }

    private void Apply(Func<PersistentHashSet<T>, PersistentHashSet<T>> value, Action<PersistentHashSet<T>.Builder> builder)
    {
        if (_builder is null)
        {
            _set = value(_set);
        }
        else
        {
            builder(_builder);
        }
    }

    private void Compare(bool expected, Func<PersistentHashSet<T>, bool> value, Func<PersistentHashSet<T>.Builder, bool> builder, string what)
    {
        bool actual = _builder is null ? value(_set) : builder(_builder);
        Require(actual == expected, $"{what} returned {actual}, the model {expected}");
    }

    private void Verify()
    {
        if (_builder is null)
        {
            SetCheck.Deep(_set);
            Compare(_set, _set.Count, _model, _at);
        }
        else
        {
            SetCheck.Deep(_builder);
            Compare(_builder, _builder.Count, _model, _at);
        }
    }

    private static void Compare(IEnumerable<T> actual, int count, HashSet<T> model, string at)
    {
        if (count != model.Count)
        {
            Assert.Fail($"{at}: count {count}, the model has {model.Count}");
        }

        int seen = 0;
        var distinct = new HashSet<T>(model.Comparer);
        foreach (var e in actual)
        {
            seen++;
            if (!distinct.Add(e))
            {
                Assert.Fail($"{at}: {e ?? (object)"null"} enumerated twice");
            }

            if (!model.TryGetValue(e, out var stored) || !SetCheck.Same(stored, e))
            {
                Assert.Fail($"{at}: enumerated {e ?? (object)"null"}, which the model does not hold as that object");
            }
        }

        if (seen != count)
        {
            Assert.Fail($"{at}: enumerated {seen} elements, count {count}");
        }
    }

    private void Require(bool condition, string what)
    {
        if (!condition)
        {
            Assert.Fail($"{_at}: {what}");
        }
    }
}
