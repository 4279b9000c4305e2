namespace CowCollections.Internal.Persistence;

/// <summary>
/// What the segment layer needs of the CHAMP engine's rules: the depth of collision nodes and the node-shape
/// check (<see cref="Champ.ChampShape"/>), so the decoder refuses exactly the nodes the engine's checker refuses.
/// </summary>
internal static class ChampPersistence
{
    /// <summary>The shift at which the 32-bit hash is used up: nodes there are collision nodes.</summary>
    public const int CollisionShift = Champ.ChampShape.CollisionShift;

    /// <summary>The fewest entries a sub-node's subtree holds.</summary>
    public const int MinSubtreeEntries = Champ.ChampShape.MinSubtreeEntries;

    /// <summary>Null when a bitmap node of this shape is well formed; otherwise the broken rule (see <see cref="Champ.ChampShape.Validate"/>).</summary>
    public static string? ValidateNode(uint dataMap, uint nodeMap, int entryCount, int nodeCount, int shift, bool isRoot) =>
        Champ.ChampShape.Validate(dataMap, nodeMap, entryCount, nodeCount, shift, isRoot);

    /// <summary>Null when a collision node of this shape is well formed; otherwise the broken rule (see <see cref="Champ.ChampShape.ValidateCollision"/>).</summary>
    public static string? ValidateCollision(uint dataMap, uint nodeMap, int entryCount, int nodeCount) =>
        Champ.ChampShape.ValidateCollision(dataMap, nodeMap, entryCount, nodeCount);
}
