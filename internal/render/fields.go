package render

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"text/template/parse"
)

// dataType returns the type of the data kind renders from.
func dataType(kind string) reflect.Type {
	switch kind {
	case KindDigest:
		return reflect.TypeFor[DigestData]()
	case KindNotice:
		return reflect.TypeFor[NoticeData]()
	}
	return reflect.TypeFor[Data]()
}

// fieldChecker finds references to fields that do not exist, in every branch
// of a template, including those the samples never take. Where it cannot tell
// the type of dot (after a variable, a function call or inside {{define}}) it
// checks nothing: executing against the samples covers those.
type fieldChecker struct {
	tree *parse.Tree
	root reflect.Type
	src  source
	errs []error
}

// checkFields reports every unknown field in tree, whose data has type root.
func checkFields(tree *parse.Tree, root reflect.Type, src source) []error {
	if tree == nil || tree.Root == nil {
		return nil
	}
	c := &fieldChecker{tree: tree, root: root, src: src}
	c.list(tree.Root, root)
	return c.errs
}

// list checks the nodes of l with dot of type dot (nil when unknown).
func (c *fieldChecker) list(l *parse.ListNode, dot reflect.Type) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		c.node(n, dot)
	}
}

// node checks one node and the nodes under it.
func (c *fieldChecker) node(n parse.Node, dot reflect.Type) {
	switch n := n.(type) {
	case *parse.ActionNode:
		c.pipe(n.Pipe, dot)
	case *parse.IfNode:
		c.pipe(n.Pipe, dot)
		c.list(n.List, dot)
		c.list(n.ElseList, dot)
	case *parse.WithNode:
		c.list(n.List, c.pipe(n.Pipe, dot))
		c.list(n.ElseList, dot)
	case *parse.RangeNode:
		c.list(n.List, elem(c.pipe(n.Pipe, dot)))
		c.list(n.ElseList, dot)
	case *parse.TemplateNode:
		c.pipe(n.Pipe, dot)
	}
}

// pipe checks a pipeline and returns the type it yields when that is known.
func (c *fieldChecker) pipe(p *parse.PipeNode, dot reflect.Type) reflect.Type {
	if p == nil {
		return nil
	}
	var last reflect.Type
	for _, cmd := range p.Cmds {
		last = nil
		for _, arg := range cmd.Args {
			last = c.arg(arg, dot)
		}
		if len(cmd.Args) != 1 {
			last = nil // a function call: its result type is not tracked
		}
	}
	if len(p.Decl) > 0 {
		return nil
	}
	return last
}

// arg checks one argument and returns its type when known.
func (c *fieldChecker) arg(n parse.Node, dot reflect.Type) reflect.Type {
	switch n := n.(type) {
	case *parse.FieldNode:
		return c.resolve(n, dot, n.Ident)
	case *parse.VariableNode:
		if n.Ident[0] == "$" {
			return c.resolve(n, c.root, n.Ident[1:])
		}
	case *parse.PipeNode:
		return c.pipe(n, dot)
	case *parse.ChainNode:
		c.arg(n.Node, dot)
	case *parse.DotNode:
		return dot
	}
	return nil
}

// resolve follows the field names idents from t, reporting the first that
// does not exist, and returns the type reached.
func (c *fieldChecker) resolve(n parse.Node, t reflect.Type, idents []string) reflect.Type {
	for _, name := range idents {
		for t != nil && t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == nil || t.Kind() == reflect.Interface {
			return nil
		}
		if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
			t = methodResult(m)
			continue
		}
		f, ok := reflect.StructField{}, false
		if t.Kind() == reflect.Struct {
			f, ok = t.FieldByName(name)
		}
		if !ok || !f.IsExported() {
			c.report(n, name, t)
			return nil
		}
		t = f.Type
	}
	return t
}

// methodResult returns the type a method called from a template yields.
func methodResult(m reflect.Method) reflect.Type {
	if m.Type.NumOut() == 0 {
		return nil
	}
	return m.Type.Out(0)
}

// report records an unknown field the way executing the template would.
func (c *fieldChecker) report(n parse.Node, name string, t reflect.Type) {
	loc, _ := c.tree.ErrorContext(n)
	line := 0
	if parts := strings.Split(loc, ":"); len(parts) >= 2 {
		line, _ = strconv.Atoi(parts[1])
	}
	c.errs = append(c.errs, &Error{File: c.src.file, Line: line + c.src.offset,
		Msg:  fmt.Sprintf("{{%s}}: can't evaluate field %s in type %s", n, name, t),
		Hint: hintField})
}

// elem returns the element type of a slice, array or map, or nil.
func elem(t reflect.Type) reflect.Type {
	if t == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return t.Elem()
	}
	return nil
}
