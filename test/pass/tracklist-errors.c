// A bad tracklist is one error naming the file and the line, and the
// compilation fails; a list that matches nothing leaves the module alone.
// RUN: rm -rf %t && mkdir -p %t
// RUN: printf '# comment\n\nglobal:counter\nnot a rule\n' > %t/syntax.list
// RUN: not %clang -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/syntax.list -c %s -o %t/o.o 2>&1 | FileCheck -DF=%t/syntax.list --check-prefix=SYNTAX %s
// SYNTAX: error: raceway tracklist: error parsing file '[[F]]': malformed line 4: 'not a rule'
// SYNTAX: 1 error generated.
// RUN: printf 'global:counter\nglobal:[\n' > %t/glob.list
// RUN: not %clang -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/glob.list -c %s -o %t/o.o 2>&1 | FileCheck -DF=%t/glob.list --check-prefix=GLOB %s
// GLOB: error: raceway tracklist: error parsing file '[[F]]': malformed {{.*}}line 2: '['
// RUN: printf 'global:counter\n\nfeild:Account.balance\n' > %t/kind.list
// RUN: not %clang -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/kind.list -c %s -o %t/o.o 2>&1 | FileCheck -DF=%t/kind.list --check-prefix=KIND %s
// KIND: error: raceway tracklist: [[F]]:3: unknown entry kind 'feild': a raceway tracklist has global:, field:, type: and src: entries (in 'feild:Account.balance')
// KIND-NEXT: 1 error generated.
// RUN: printf 'field:balance\n' > %t/field.list
// RUN: not %clang -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/field.list -c %s -o %t/o.o 2>&1 | FileCheck -DF=%t/field.list --check-prefix=FIELD %s
// FIELD: error: raceway tracklist: [[F]]:1: expected field:<struct>.<member> (in 'field:balance')
// RUN: printf 'global:counter=total,secret\n' > %t/cat.list
// RUN: not %clang -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/cat.list -c %s -o %t/o.o 2>&1 | FileCheck -DF=%t/cat.list --check-prefix=CAT %s
// CAT: error: raceway tracklist: [[F]]:1: bad category 'total,secret': expected =redact, =<name> or =<name>,redact
// RUN: printf 'global:count*=total\n' > %t/globname.list
// RUN: not %clang -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/globname.list -c %s -o %t/o.o 2>&1 | FileCheck -DF=%t/globname.list --check-prefix=GLOBNAME %s
// GLOBNAME: error: raceway tracklist: [[F]]:1: a name is for one global, not a pattern with wildcards
// RUN: printf 'src:*.c=total\n' > %t/srcname.list
// RUN: not %clang -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/srcname.list -c %s -o %t/o.o 2>&1 | FileCheck -DF=%t/srcname.list --check-prefix=SRCNAME %s
// SRCNAME: error: raceway tracklist: [[F]]:1: a src: entry names many things; =<name> is for one global: or field:
// RUN: not %clang -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/missing.list -c %s -o %t/o.o 2>&1 | FileCheck -DF=%t/missing.list --check-prefix=MISSING %s
// MISSING: error: raceway tracklist: can't open file '[[F]]':
//
// Entries under another tool's section are not checked (nor applied).
// RUN: printf '[address]\nfun:main\n[raceway]\nglobal:nothing_here\n' > %t/other.list
// RUN: %clang -O1 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/other.list -S -emit-llvm %s -o %t/listed.ll
// RUN: %clang -O1 -S -emit-llvm %s -o %t/plain.ll
// RUN: diff %t/plain.ll %t/listed.ll
//
// field: entries need member names, from debug info: without -g, a warning.
// RUN: printf 'field:Account.balance\n' > %t/nodebug.list
// RUN: %clang -O1 -fplugin=%plugin -fpass-plugin=%plugin -mllvm -raceway-tracklist=%t/nodebug.list -c %s -o %t/o.o 2>&1 | FileCheck --check-prefix=NODEBUG %s
// NODEBUG: warning: raceway tracklist: field: entries for struct Account are not applied in {{.*}}tracklist-errors.c: member names come from debug info; compile with -g (or list the whole struct with type:)
struct Account { int id; long balance; };
long counter;
void bump(struct Account *a) { counter++; a->balance++; }
