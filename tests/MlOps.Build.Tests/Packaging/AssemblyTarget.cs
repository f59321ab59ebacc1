using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace MlOps.Build.Tests.Packaging;

/// <summary>What an assembly file was built for and what it references, read from its metadata without loading it.</summary>
internal sealed record AssemblyTarget(string Name, string? Framework, IReadOnlyList<AssemblyName> References)
{
    public static AssemblyTarget Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences
            .Select(handle => metadata.GetAssemblyReference(handle).GetAssemblyName())
            .ToList();
        return new AssemblyTarget(metadata.GetString(metadata.GetAssemblyDefinition().Name), FrameworkOf(metadata, references), references);
    }

    /// <summary>[TargetFramework] when the assembly has one; else what its core library says (old corefx packages have none).</summary>
    private static string? FrameworkOf(MetadataReader metadata, IReadOnlyList<AssemblyName> references)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind == HandleKind.MemberReference
                && metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent is { Kind: HandleKind.TypeReference } parent
                && metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)parent).Name) == "TargetFrameworkAttribute")
            {
                var value = attribute.DecodeValue(new StringOnlyDecoder());
                return (string?)value.FixedArguments[0].Value;
            }
        }
        return references.Select(r => r.Name).FirstOrDefault(name => name is "mscorlib" or "netstandard" or "System.Runtime" or "System.Private.CoreLib") switch
        {
            "mscorlib" => ".NETFramework",
            "netstandard" => ".NETStandard",
            var other => other,
        };
    }

    /// <summary>TargetFrameworkAttribute has one string argument (and string named ones): nothing else to decode.</summary>
    private sealed class StringOnlyDecoder : ICustomAttributeTypeProvider<Type>
    {
        public Type GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode == PrimitiveTypeCode.String ? typeof(string) : typeof(object);
        public Type GetSystemType() => typeof(Type);
        public Type GetSZArrayType(Type elementType) => elementType.MakeArrayType();
        public Type GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => typeof(object);
        public Type GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => typeof(object);
        public Type GetTypeFromSerializedName(string name) => typeof(object);
        public PrimitiveTypeCode GetUnderlyingEnumType(Type type) => PrimitiveTypeCode.Int32;
        public bool IsSystemType(Type type) => type == typeof(Type);
    }
}
