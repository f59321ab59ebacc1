using System.Buffers;
using System.Text;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Specs.Yaml;

/// <summary>
/// Reads a spec file's text defensively, before any YAML parsing: refuses oversized files,
/// names the byte offset of invalid UTF-8 and finds tab indentation (which YAML forbids and
/// YamlDotNet reports confusingly).
/// </summary>
internal static class SpecText
{
    public const long MaxBytes = 1024 * 1024;

    public static string? Read(string path, string file, List<Diagnostic> diagnostics)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.SpecFileNotFound,
                "no spec file given (the path is empty); name a spec file, e.g. specs/finetune.yaml", SourceLocation.None("mlops")));
            return null;
        }
        var info = new FileInfo(path);
        if (Directory.Exists(path))
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.SpecFileNotFound,
                $"'{path}' is a directory, not a spec file; name the spec's .yaml file (`mlops validate` also takes a folder)", SourceLocation.None(file)));
            return null;
        }
        if (!info.Exists)
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.SpecFileNotFound,
                $"spec file '{path}' does not exist; check the path (it is relative to the current folder)", SourceLocation.None(file)));
            return null;
        }
        if (MlOps.Contracts.IO.FileKind.NotRegular(path) is { } kind)
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.SpecFileNotFound,
                $"spec file '{path}' is {kind}, not a regular file; reading it could block forever or never end", SourceLocation.None(file)));
            return null;
        }
        if (info.Length > MaxBytes)
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.SpecFileTooLarge,
                $"spec file is {info.Length:N0} bytes; specs are limited to {MaxBytes:N0} bytes (1 MiB) — keep data out of the spec and reference it by path",
                SourceLocation.None(file)));
            return null;
        }
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.SpecFileNotFound, $"cannot read spec file: {e.Message}", SourceLocation.None(file)));
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.SpecFileNotFound, $"cannot read spec file: {e.Message}", SourceLocation.None(file)));
            return null;
        }
        return Decode(bytes, file, diagnostics) is { } text && !HasNul(text, file, diagnostics) && !HasTabIndentation(text, file, diagnostics) ? text : null;
    }

    private static string? Decode(byte[] bytes, string file, List<Diagnostic> diagnostics)
    {
        if (bytes.Length == 0)
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.EmptySpec, "spec file is empty; it needs at least `name`, `base` and `data`", new SourceLocation(file, 1, 1)));
            return null;
        }
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.NotUtf8, "spec file is UTF-16 (byte order mark at byte offset 0); save it as UTF-8", new SourceLocation(file, 1, 1)));
            return null;
        }
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }
        var offset = 0;
        while (offset < span.Length)
        {
            if (Rune.DecodeFromUtf8(span[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                var before = Encoding.UTF8.GetString(span[..offset]);
                var line = before.Count(c => c == '\n') + 1;
                var column = before.Length - (before.LastIndexOf('\n') + 1) + 1;
                var absolute = offset + (bytes.Length - span.Length);
                diagnostics.Add(Diagnostic.Error(SpecErrorCodes.NotUtf8,
                    $"spec file is not valid UTF-8: byte 0x{span[offset]:X2} at byte offset {absolute}; save the file as UTF-8",
                    new SourceLocation(file, line, column)));
                return null;
            }
            offset += consumed;
        }
        return Encoding.UTF8.GetString(span);
    }

    /// <summary>A NUL byte is no YAML character (a binary file, or a corrupted save); the parser would take it as text.</summary>
    private static bool HasNul(string text, string file, List<Diagnostic> diagnostics)
    {
        var at = text.IndexOf('\0');
        if (at < 0)
        {
            return false;
        }
        var line = text.Take(at).Count(c => c == '\n') + 1;
        var lineStart = at == 0 ? 0 : text.LastIndexOf('\n', at - 1) + 1;
        var column = at - lineStart + 1;
        diagnostics.Add(Diagnostic.Error(SpecErrorCodes.YamlSyntax,
            "the spec holds a NUL byte (U+0000), which YAML does not allow; remove it (write \\0 inside a double-quoted string if you mean it)",
            new SourceLocation(file, line, column)));
        return true;
    }

    private static bool HasTabIndentation(string text, string file, List<Diagnostic> diagnostics)
    {
        var found = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && line[c] is ' ' or '\t' or '-'; c++)
            {
                if (line[c] == '\t')
                {
                    diagnostics.Add(Diagnostic.Error(SpecErrorCodes.TabIndentation,
                        "a tab is used for indentation; YAML allows only spaces — replace the tab with spaces", new SourceLocation(file, i + 1, c + 1)));
                    found = true;
                    break;
                }
            }
        }
        return found;
    }
}
