using CowCollections.Internal;
using CowCollections.Internal.Champ;

namespace CowCollections.Tests.Dictionary;

/// <summary>A key whose hash the test chooses: equality is by <see cref="Id"/> only, so keys collide at will.</summary>
public readonly struct HashKey(int id, int hash) : IEquatable<HashKey>
{
    public int Id { get; } = id;

    public int Hash { get; } = hash;

    public bool Equals(HashKey other) => Id == other.Id;

    public override bool Equals(object? obj) => obj is HashKey other && Equals(other);

    public override int GetHashCode() => Hash;

    public override string ToString() => $"#{Id}(h={Hash:x8})";
}

/// <summary>How a test maps a key id to a hash.</summary>
public static class HashStrategies
{
    /// <summary>Every key has the same hash: one collision node under a chain of single-child nodes.</summary>
    public static int AllEqual(int id) => 0x5EED;

    /// <summary>Hashes agree on the low 15 bits (the first three levels) and differ above.</summary>
    public static int LowBitsEqual(int id) => (id << 15) | 0x1234;

    /// <summary>Groups of four keys share a full hash; groups differ only in the top bits.</summary>
    public static int FullCollisionGroups(int id) => (id / 4) << 28;

    /// <summary>Well spread hashes.</summary>
    public static int Spread(int id) => unchecked(id * (int)0x9E3779B1);

    /// <summary>Every strategy above, and hashes that repeat modulo a small prime: what the model tests draw from.</summary>
    public static readonly Func<int, int>[] All = [Spread, LowBitsEqual, FullCollisionGroups, AllEqual, id => id % 97];
}

/// <summary>An int comparer with a chosen hash (a non-default comparer for a value-type key).</summary>
public sealed class ForcedHashComparer(Func<int, int> hash) : IEqualityComparer<int>
{
    public bool Equals(int x, int y) => x == y;

    public int GetHashCode(int obj) => hash(obj);
}

/// <summary>A string comparer that throws from Equals or GetHashCode while <see cref="Armed"/> is set.</summary>
public sealed class ThrowingComparer : IEqualityComparer<string>
{
    public bool Armed { get; set; }

    public bool Equals(string? x, string? y) => Armed ? throw new InvalidOperationException("comparer failure") : string.Equals(x, y, StringComparison.Ordinal);

    public int GetHashCode(string obj) => Armed ? throw new InvalidOperationException("comparer failure") : obj.Length;
}

internal static class Champ
{
    public static void Check<TKey, TValue>(PersistentDictionary<TKey, TValue> d)
        where TKey : notnull => ChampChecker<TKey, TValue, ChampDefaultGeometry>.Check(d.Root, d.Count, d.EngineComparer);

    public static void Check<TKey, TValue>(PersistentDictionary<TKey, TValue>.Builder b)
        where TKey : notnull => ChampChecker<TKey, TValue, ChampDefaultGeometry>.Check(b.Root, b.Count, b.EngineComparer);
}
