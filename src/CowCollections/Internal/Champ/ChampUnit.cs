using System;
using System.Collections.Generic;

namespace CowCollections.Internal.Champ;

/// <summary>
/// The value a set stores beside each element: the set is a CHAMP trie of <c>(element, ChampUnit)</c> entries, so
/// it shares every engine path (lookup, edits, bulk build, diff, cursor, segment records) with the dictionary.
/// All units are equal, so setting a present element is always a no-op and a diff never reports Changed.
/// </summary>
internal readonly struct ChampUnit : IEquatable<ChampUnit>
{
    /// <summary>The comparer a set's core uses for its values: every two units are equal.</summary>
    public static readonly IEqualityComparer<ChampUnit> Comparer = new UnitComparer();

    public bool Equals(ChampUnit other) => true;

    public override bool Equals(object? obj) => obj is ChampUnit;

    public override int GetHashCode() => 0;

    private sealed class UnitComparer : IEqualityComparer<ChampUnit>
    {
        public bool Equals(ChampUnit x, ChampUnit y) => true;

        public int GetHashCode(ChampUnit obj) => 0;
    }
}
