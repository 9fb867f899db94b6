// Command astdump prints Go files' syntax trees, as parsed by go/parser, in the
// S-expression form of rgo-syntax's print.rs. Comparing its output with
// `cargo run --example parse -- -ast` checks rgo's parser against Go's own
// (see ../astdiff.sh). A development oracle only: rgo never depends on it.
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strings"
)

type printer struct {
	out    strings.Builder
	indent int
}

func (p *printer) line(s string) {
	p.out.WriteString(strings.Repeat("  ", p.indent))
	p.out.WriteString(s)
	p.out.WriteString("\n")
}

func main() {
	for _, name := range os.Args[1:] {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Print(file(f))
	}
}

func file(f *ast.File) string {
	p := &printer{}
	p.line("package " + f.Name.Name)
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:") {
				p.line("directive " + strings.TrimRight(c.Text, "\r"))
			}
		}
	}
	for _, i := range f.Imports {
		if i.Name != nil {
			p.line("import " + i.Name.Name + " " + i.Path.Value)
		} else {
			p.line("import " + i.Path.Value)
		}
	}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		p.decl(d)
	}
	return p.out.String()
}

func names(ns []*ast.Ident) string {
	var s []string
	for _, n := range ns {
		s = append(s, n.Name)
	}
	return strings.Join(s, " ")
}

func list(xs []ast.Expr) string {
	var s []string
	for _, x := range xs {
		s = append(s, expr(x))
	}
	return strings.Join(s, " ")
}

func optTypeValues(typ ast.Expr, values []ast.Expr) string {
	s := ""
	if typ != nil {
		s += " : " + expr(typ)
	}
	if len(values) > 0 {
		s += " = " + list(values)
	}
	return s
}

func (p *printer) decl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.GenDecl:
		switch d.Tok {
		case token.CONST:
			last := -1
			for i, s := range d.Specs {
				s := s.(*ast.ValueSpec)
				t := fmt.Sprintf("const iota=%d", i)
				if s.Type != nil || len(s.Values) > 0 {
					last = i
				} else if last >= 0 {
					t += fmt.Sprintf(" inherit=%d", last)
				}
				t += " " + names(s.Names) + optTypeValues(s.Type, s.Values)
				p.line(t)
			}
		case token.VAR:
			for _, s := range d.Specs {
				s := s.(*ast.ValueSpec)
				p.line("var " + names(s.Names) + optTypeValues(s.Type, s.Values))
			}
		case token.TYPE:
			for _, s := range d.Specs {
				s := s.(*ast.TypeSpec)
				t := "type " + s.Name.Name
				if s.TypeParams != nil {
					t += " " + fields("tparams", s.TypeParams)
				}
				if s.Assign.IsValid() {
					t += " ="
				}
				t += " " + expr(s.Type)
				p.line(t)
			}
		}
	case *ast.FuncDecl:
		t := "func " + d.Name.Name
		if d.Recv != nil {
			t += " " + fields("recv", d.Recv)
		}
		if d.Type.TypeParams != nil {
			t += " " + fields("tparams", d.Type.TypeParams)
		}
		t += " " + signature(d.Type)
		p.line(t)
		if d.Body != nil {
			p.block(d.Body.List)
		}
	}
}

func (p *printer) block(l []ast.Stmt) {
	p.indent++
	for _, s := range l {
		p.stmt(s)
	}
	p.indent--
}

func sub(s ast.Stmt) string {
	q := &printer{}
	q.stmt(s)
	return strings.TrimRight(q.out.String(), " \n")
}

func (p *printer) init(s ast.Stmt) {
	if s != nil {
		p.indent++
		p.line("init " + sub(s))
		p.indent--
	}
}

func (p *printer) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.BadStmt:
		p.line("bad")
	case *ast.EmptyStmt:
		p.line("empty")
	case *ast.DeclStmt:
		p.decl(s.Decl)
	case *ast.LabeledStmt:
		p.line("label " + s.Label.Name)
		p.stmt(s.Stmt)
	case *ast.ExprStmt:
		p.line("expr " + expr(s.X))
	case *ast.SendStmt:
		p.line("send " + expr(s.Chan) + " " + expr(s.Value))
	case *ast.IncDecStmt:
		if s.Tok == token.INC {
			p.line("inc " + expr(s.X))
		} else {
			p.line("dec " + expr(s.X))
		}
	case *ast.AssignStmt:
		p.line("assign " + s.Tok.String() + " " + list(s.Lhs) + " | " + list(s.Rhs))
	case *ast.GoStmt:
		p.line("go " + expr(s.Call))
	case *ast.DeferStmt:
		p.line("defer " + expr(s.Call))
	case *ast.ReturnStmt:
		t := "return"
		for _, x := range s.Results {
			t += " " + expr(x)
		}
		p.line(t)
	case *ast.BranchStmt:
		t := s.Tok.String()
		if s.Label != nil {
			t += " " + s.Label.Name
		}
		p.line(t)
	case *ast.BlockStmt:
		p.line("block")
		p.block(s.List)
	case *ast.IfStmt:
		p.line("if " + expr(s.Cond))
		p.init(s.Init)
		p.block(s.Body.List)
		if s.Else != nil {
			p.line("else")
			p.indent++
			p.stmt(s.Else)
			p.indent--
		}
	case *ast.SwitchStmt:
		if s.Tag != nil {
			p.line("switch " + expr(s.Tag))
		} else {
			p.line("switch")
		}
		p.init(s.Init)
		p.clauses(s.Body.List)
	case *ast.TypeSwitchStmt:
		switch a := s.Assign.(type) {
		case *ast.AssignStmt:
			x := a.Rhs[0].(*ast.TypeAssertExpr).X
			p.line("typeswitch " + a.Lhs[0].(*ast.Ident).Name + " := " + expr(x))
		case *ast.ExprStmt:
			p.line("typeswitch " + expr(a.X.(*ast.TypeAssertExpr).X))
		}
		p.init(s.Init)
		p.clauses(s.Body.List)
	case *ast.SelectStmt:
		p.line("select")
		p.indent++
		for _, c := range s.Body.List {
			c := c.(*ast.CommClause)
			if c.Comm != nil {
				p.line("case")
				p.indent++
				p.stmt(c.Comm)
				p.indent--
			} else {
				p.line("default")
			}
			p.block(c.Body)
		}
		p.indent--
	case *ast.ForStmt:
		if s.Cond != nil {
			p.line("for " + expr(s.Cond))
		} else {
			p.line("for")
		}
		p.init(s.Init)
		if s.Post != nil {
			p.indent++
			p.line("post " + sub(s.Post))
			p.indent--
		}
		p.block(s.Body.List)
	case *ast.RangeStmt:
		t := "range"
		if s.Key != nil {
			t += " " + expr(s.Key)
		}
		if s.Value != nil {
			t += " " + expr(s.Value)
		}
		switch s.Tok {
		case token.DEFINE:
			t += " :="
		case token.ASSIGN:
			t += " ="
		}
		t += " " + expr(s.X)
		p.line(t)
		p.block(s.Body.List)
	default:
		p.line(fmt.Sprintf("?%T", s))
	}
}

func (p *printer) clauses(l []ast.Stmt) {
	p.indent++
	for _, c := range l {
		c := c.(*ast.CaseClause)
		if c.List == nil {
			p.line("default")
		} else {
			t := "case"
			for _, x := range c.List {
				t += " " + expr(x)
			}
			p.line(t)
		}
		p.block(c.Body)
	}
	p.indent--
}

func fields(head string, fl *ast.FieldList) string {
	s := "(" + head
	if fl != nil {
		for _, f := range fl.List {
			s += " ("
			if len(f.Names) > 0 {
				s += names(f.Names) + " "
			}
			s += expr(f.Type)
			if f.Tag != nil {
				s += " " + f.Tag.Value
			}
			s += ")"
		}
	}
	return s + ")"
}

func signature(ft *ast.FuncType) string {
	s := fields("params", ft.Params)
	if ft.Results != nil {
		s += " " + fields("results", ft.Results)
	}
	return s
}

func head(h string, xs ...ast.Expr) string {
	s := "(" + h
	for _, x := range xs {
		s += " " + expr(x)
	}
	return s + ")"
}

func expr(x ast.Expr) string {
	switch x := x.(type) {
	case nil:
		return "NIL"
	case *ast.BadExpr:
		return "BAD"
	case *ast.Ident:
		return x.Name
	case *ast.BasicLit:
		return x.Value
	case *ast.CompositeLit:
		s := "(lit "
		if x.Type != nil {
			s += expr(x.Type)
		} else {
			s += "_"
		}
		for _, e := range x.Elts {
			s += " " + expr(e)
		}
		return s + ")"
	case *ast.FuncLit:
		s := "(funclit " + signature(x.Type)
		q := &printer{}
		q.block(x.Body.List)
		for _, l := range strings.Split(strings.TrimRight(q.out.String(), "\n"), "\n") {
			if l == "" {
				continue
			}
			s += " {" + strings.TrimSpace(l) + "}"
		}
		return s + ")"
	case *ast.ParenExpr:
		return head("paren", x.X)
	case *ast.SelectorExpr:
		return "(sel " + expr(x.X) + " " + x.Sel.Name + ")"
	case *ast.IndexExpr:
		return head("index", x.X, x.Index)
	case *ast.IndexListExpr:
		return head("index", append([]ast.Expr{x.X}, x.Indices...)...)
	case *ast.SliceExpr:
		s := "(slice "
		if x.Slice3 {
			s = "(slice3 "
		}
		s += expr(x.X)
		for i, e := range []ast.Expr{x.Low, x.High, x.Max} {
			if e != nil {
				s += " " + expr(e)
			} else if x.Slice3 || i < 2 {
				s += " _"
			}
		}
		return s + ")"
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return "(assert " + expr(x.X) + " type)"
		}
		return head("assert", x.X, x.Type)
	case *ast.CallExpr:
		h := "call"
		if x.Ellipsis.IsValid() {
			h = "call..."
		}
		return head(h, append([]ast.Expr{x.Fun}, x.Args...)...)
	case *ast.StarExpr:
		return head("star", x.X)
	case *ast.UnaryExpr:
		return head(x.Op.String(), x.X)
	case *ast.BinaryExpr:
		return head(x.Op.String(), x.X, x.Y)
	case *ast.KeyValueExpr:
		return head("kv", x.Key, x.Value)
	case *ast.Ellipsis:
		if x.Elt == nil {
			return "(...)"
		}
		return head("...", x.Elt)
	case *ast.ArrayType:
		if x.Len == nil {
			return head("slicetype", x.Elt)
		}
		if _, ok := x.Len.(*ast.Ellipsis); ok {
			return "(array ... " + expr(x.Elt) + ")"
		}
		return head("array", x.Len, x.Elt)
	case *ast.MapType:
		return head("map", x.Key, x.Value)
	case *ast.ChanType:
		h := "chan"
		switch x.Dir {
		case ast.SEND:
			h = "chan<-"
		case ast.RECV:
			h = "<-chan"
		}
		return head(h, x.Value)
	case *ast.FuncType:
		return "(functype " + signature(x) + ")"
	case *ast.StructType:
		return fields("struct", x.Fields)
	case *ast.InterfaceType:
		s := "(interface"
		for _, f := range x.Methods.List {
			if len(f.Names) > 0 {
				s += " (method " + f.Names[0].Name + " " + signature(f.Type.(*ast.FuncType)) + ")"
			} else {
				s += " (embed " + expr(f.Type) + ")"
			}
		}
		return s + ")"
	}
	return fmt.Sprintf("?%T", x)
}
