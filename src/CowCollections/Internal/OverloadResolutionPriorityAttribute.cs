#if !NET9_0_OR_GREATER
namespace System.Runtime.CompilerServices;

/// <summary>
/// The compiler's overload priority (public in .NET 9 and later): C# honours it by name, so this internal
/// copy gives net8.0 callers the same overload choice as net10.0 callers.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
internal sealed class OverloadResolutionPriorityAttribute(int priority) : Attribute
{
    /// <summary>The priority: higher wins among otherwise applicable overloads.</summary>
    public int Priority { get; } = priority;
}
#endif
