namespace CowCollections.Segments;

/// <summary>What a root of a segment commit holds (<see cref="SegmentSnapshot.GetKind"/>).</summary>
public enum SegmentRootKind
{
    /// <summary>A <see cref="PersistentList{T}"/>: open it with <see cref="SegmentSnapshot.GetList{T}(string)"/>.</summary>
    List = 1,

    /// <summary>A <see cref="PersistentArray{T}"/>: open it with <see cref="SegmentSnapshot.GetArray{T}(string)"/>.</summary>
    Array = 2,

    /// <summary>A <see cref="PersistentDictionary{TKey, TValue}"/>: open it with <see cref="SegmentSnapshot.GetDictionary{TKey, TValue}(string)"/>.</summary>
    Dictionary = 3,

    /// <summary>A <see cref="PersistentHashSet{T}"/>: open it with <see cref="SegmentSnapshot.GetHashSet{T}(string)"/>.</summary>
    Set = 4,
}
