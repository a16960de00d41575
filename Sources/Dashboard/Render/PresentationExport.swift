// Views measure, clean and format text with the one presentation layer the CLI uses too;
// re-exported so every view file (and test) sees `CharWidth`, `Sanitizer`, `Format` as before.
@_exported import Presentation
