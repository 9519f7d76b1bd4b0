// Command vcsim runs govmomi's vCenter simulator for Berth's tests and demo: a real vim25 SOAP endpoint over
// TLS with a datacenter, one cluster of ESX hosts and template VMs. It prints one JSON line (URL, certificate
// thumbprints, control URL) and serves until it is killed.
//
// The simulator is made to behave a little more like a real vCenter where Berth depends on it:
//   - VMware Tools: a powered-on VM reports a guest IP address (guest.ipAddress, guest.net) after -ip-delay;
//   - host load: the control endpoint sets a host's CPU and memory usage, which QueryPerf and
//     summary.quickStats then report (other hosts keep the simulator's canned performance data);
//   - host state: the control endpoint sets a host's connection state (disconnected, notResponding).
package main

import (
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address of the SOAP endpoint")
	hosts := flag.Int("hosts", 3, "ESX hosts in the cluster")
	cores := flag.Int("host-cores", 16, "CPU cores per host")
	memoryGB := flag.Int("host-memory-gb", 64, "memory per host, GiB")
	templates := flag.String("templates", "ubuntu-22.04", "comma-separated names of template VMs to create")
	user := flag.String("user", "berth", "login user")
	password := flag.String("password", "berth-secret", "login password")
	ipDelay := flag.Duration("ip-delay", 200*time.Millisecond, "how long after power-on a VM reports its IP address")
	cloneDelay := flag.Int("clone-delay-ms", 0, "extra time every CloneVM_Task call takes, in milliseconds")
	noPerf := flag.Bool("no-perf", false, "QueryPerf fails (NotSupported), as on an endpoint without performance data")
	demoLoad := flag.Bool("demo-load", false, "hosts report a load that follows their running VMs (for demos): 10% CPU and 20% memory, plus -vm-cpu and -vm-mem-gb per VM")
	vmCPU := flag.Float64("vm-cpu", 8, "with -demo-load: host CPU percent each running VM adds")
	vmMemGB := flag.Float64("vm-mem-gb", 4, "with -demo-load: memory each running VM uses, GiB")
	flag.Parse()

	model := simulator.VPX()
	model.Host = 0
	model.ClusterHost = *hosts
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	resizeHosts(int16(*cores), int64(*memoryGB)<<30)
	perf := overridePerf(model, *noPerf)
	if *demoLoad {
		perf.demo = &demoLoadModel{base: hostLoad{10, 20}, vmCPU: *vmCPU, vmMemGB: *vmMemGB}
	}
	simulator.Map.AddHandler(&toolsEmulator{self: types.ManagedObjectReference{Type: "BerthTools", Value: "tools"}, delay: *ipDelay})

	model.Service.TLS = new(tlsConfig)
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *password)}
	server := model.Service.NewServer()
	if err := createTemplates(server.URL, strings.Split(*templates, ",")); err != nil {
		log.Fatal(err)
	}
	if *cloneDelay > 0 {
		model.DelayConfig.MethodDelay = map[string]int{"CloneVM_Task": *cloneDelay}
	}

	control := startControl(perf)
	cert := server.Certificate().Raw
	endpoint := *server.URL
	endpoint.User = nil
	line, _ := json.Marshal(map[string]string{
		"url":        endpoint.String(),
		"sha1":       colonHex(sha1Sum(cert)),
		"sha256":     colonHex(sha256Sum(cert)),
		"control":    control,
		"datacenter": "DC0",
		"cluster":    "DC0_C0",
	})
	fmt.Println(string(line))
	select {}
}

type tlsConfig = tls.Config

func resizeHosts(cores int16, memory int64) {
	for _, e := range simulator.Map.All("HostSystem") {
		h := e.(*simulator.HostSystem)
		h.Summary.Hardware.NumCpuCores = cores
		h.Summary.Hardware.NumCpuThreads = cores
		h.Summary.Hardware.MemorySize = memory
		if h.Hardware != nil {
			h.Hardware.CpuInfo.NumCpuCores = cores
			h.Hardware.CpuInfo.NumCpuThreads = cores
			h.Hardware.MemorySize = memory
		}
	}
}

// createTemplates clones the model's first VM into powered-off templates, through the API as an admin would.
func createTemplates(u *url.URL, names []string) error {
	ctx := context.Background()
	c, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		return err
	}
	defer c.Logout(ctx)
	finder := find.NewFinder(c.Client, true)
	dc, err := finder.DefaultDatacenter(ctx)
	if err != nil {
		return err
	}
	finder.SetDatacenter(dc)
	source, err := finder.VirtualMachine(ctx, "DC0_C0_RP0_VM0")
	if err != nil {
		return err
	}
	folders, err := dc.Folders(ctx)
	if err != nil {
		return err
	}
	for _, name := range names {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		task, err := source.Clone(ctx, folders.VmFolder, name, types.VirtualMachineCloneSpec{Template: true})
		if err != nil {
			return err
		}
		if err = task.Wait(ctx); err != nil {
			return err
		}
	}
	return nil
}

// toolsEmulator plays VMware Tools: a VM that powers on reports an IP address a little later; one that
// powers off reports none.
type toolsEmulator struct {
	self  types.ManagedObjectReference
	delay time.Duration
	next  uint32
}

func (t *toolsEmulator) Reference() types.ManagedObjectReference   { return t.self }
func (t *toolsEmulator) PutObject(mo.Reference)                    {}
func (t *toolsEmulator) RemoveObject(types.ManagedObjectReference) {}

func (t *toolsEmulator) UpdateObject(obj mo.Reference, changes []types.PropertyChange) {
	vm, ok := obj.(*mo.VirtualMachine)
	if !ok {
		return
	}
	for _, c := range changes {
		if c.Name != "runtime.powerState" {
			continue
		}
		ref := vm.Self
		ip := ""
		if c.Val == types.VirtualMachinePowerStatePoweredOn {
			n := atomic.AddUint32(&t.next, 1)
			ip = fmt.Sprintf("10.88.%d.%d", n/250, n%250+2)
		}
		go func() {
			time.Sleep(t.delay)
			setGuestIP(ref, ip)
		}()
	}
}

func setGuestIP(ref types.ManagedObjectReference, ip string) {
	obj := simulator.Map.Get(ref)
	vm, ok := obj.(*simulator.VirtualMachine)
	if !ok {
		return // destroyed meanwhile
	}
	simulator.Map.WithLock(vm, func() {
		if ip != "" && vm.Runtime.PowerState != types.VirtualMachinePowerStatePoweredOn {
			return // powered off again before Tools came up
		}
		nics := append([]types.GuestNicInfo(nil), vm.Guest.Net...)
		if len(nics) > 0 {
			nics[0].IpAddress = nil
			if ip != "" {
				nics[0].IpAddress = []string{ip}
			}
		}
		running := string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
		if ip == "" {
			running = string(types.VirtualMachineToolsRunningStatusGuestToolsNotRunning)
		}
		simulator.Map.Update(vm, []types.PropertyChange{
			{Name: "guest.ipAddress", Val: ip},
			{Name: "summary.guest.ipAddress", Val: ip},
			{Name: "guest.net", Val: nics},
			{Name: "guest.toolsRunningStatus", Val: running},
		})
	})
}

// hostLoad is what the control endpoint set for a host, in percent.
type hostLoad struct{ cpu, mem float64 }

// perfOverride reports the control endpoint's host loads through QueryPerf; other entities keep the
// simulator's canned data. It replaces the PerformanceManager in the registry (same managed object id).
type perfOverride struct {
	simulator.PerformanceManager
	mu     sync.Mutex
	loads  map[string]hostLoad
	noPerf bool
	demo   *demoLoadModel
	cpuID  int32
	memID  int32
}

func overridePerf(model *simulator.Model, noPerf bool) *perfOverride {
	orig := simulator.Map.Get(*model.ServiceContent.PerfManager).(*simulator.PerformanceManager)
	p := &perfOverride{PerformanceManager: *orig, loads: map[string]hostLoad{}, noPerf: noPerf}
	for _, c := range orig.PerfCounter {
		if c.RollupType != types.PerfSummaryTypeAverage {
			continue
		}
		name := c.GroupInfo.GetElementDescription().Key + "." + c.NameInfo.GetElementDescription().Key
		switch name {
		case "cpu.usage":
			p.cpuID = c.Key
		case "mem.usage":
			p.memID = c.Key
		}
	}
	simulator.Map.Put(p)
	return p
}

func (p *perfOverride) QueryPerf(ctx *simulator.Context, req *types.QueryPerf) soap.HasFault {
	if p.noPerf {
		return &methods.QueryPerfBody{Fault_: simulator.Fault("performance statistics are not collected", &types.NotSupported{})}
	}
	res := p.PerformanceManager.QueryPerf(ctx, req)
	body, ok := res.(*methods.QueryPerfBody)
	if !ok || body.Res == nil {
		return res
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, spec := range req.QuerySpec {
		load, ok := p.loads[spec.Entity.Value]
		if !ok && p.demo != nil && spec.Entity.Type == "HostSystem" {
			load, ok = p.demo.of(spec.Entity)
		}
		if !ok || i >= len(body.Res.Returnval) {
			continue
		}
		metric, ok := body.Res.Returnval[i].(*types.PerfEntityMetric)
		if !ok {
			continue
		}
		for _, s := range metric.Value {
			series, ok := s.(*types.PerfMetricIntSeries)
			if !ok {
				continue
			}
			value := int64(-1)
			switch series.Id.CounterId {
			case p.cpuID:
				value = int64(load.cpu * 100)
			case p.memID:
				value = int64(load.mem * 100)
			}
			for j := range series.Value {
				if value >= 0 {
					series.Value[j] = value
				}
			}
		}
	}
	return body
}

func (p *perfOverride) setLoad(host *simulator.HostSystem, load hostLoad) {
	p.mu.Lock()
	p.loads[host.Self.Value] = load
	p.mu.Unlock()
	simulator.Map.WithLock(host, func() {
		mhz := float64(host.Summary.Hardware.CpuMhz) * float64(host.Summary.Hardware.NumCpuCores)
		mb := float64(host.Summary.Hardware.MemorySize >> 20)
		simulator.Map.Update(host, []types.PropertyChange{
			{Name: "summary.quickStats.overallCpuUsage", Val: int32(mhz * load.cpu / 100)},
			{Name: "summary.quickStats.overallMemoryUsage", Val: int32(mb * load.mem / 100)},
		})
	})
}

// demoLoadModel makes a host's load follow the VMs running on it, so a demo shows placement feedback.
type demoLoadModel struct {
	base    hostLoad
	vmCPU   float64
	vmMemGB float64
}

func (d *demoLoadModel) of(host types.ManagedObjectReference) (hostLoad, bool) {
	h, ok := simulator.Map.Get(host).(*simulator.HostSystem)
	if !ok {
		return hostLoad{}, false
	}
	running := 0
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		if vm.Runtime.Host != nil && *vm.Runtime.Host == host && vm.Runtime.PowerState == types.VirtualMachinePowerStatePoweredOn {
			running++
		}
	}
	memGB := float64(h.Summary.Hardware.MemorySize) / float64(1<<30)
	cpu := d.base.cpu + d.vmCPU*float64(running)
	mem := d.base.mem + 100*d.vmMemGB*float64(running)/memGB
	if cpu > 100 {
		cpu = 100
	}
	if mem > 100 {
		mem = 100
	}
	return hostLoad{cpu, mem}, true
}

// startControl serves the test controls on a loopback port and returns its base URL:
//
//	POST /host-load?host=host-21&cpu=95&mem=40
//	POST /host-connection?host=host-21&state=disconnected
func startControl(perf *perfOverride) string {
	mux := http.NewServeMux()
	mux.HandleFunc("/host-load", func(w http.ResponseWriter, r *http.Request) {
		host, ok := findHost(w, r)
		if !ok {
			return
		}
		cpu, err1 := strconv.ParseFloat(r.URL.Query().Get("cpu"), 64)
		mem, err2 := strconv.ParseFloat(r.URL.Query().Get("mem"), 64)
		if err1 != nil || err2 != nil {
			http.Error(w, "cpu and mem must be percentages", http.StatusBadRequest)
			return
		}
		perf.setLoad(host, hostLoad{cpu, mem})
	})
	mux.HandleFunc("/host-connection", func(w http.ResponseWriter, r *http.Request) {
		host, ok := findHost(w, r)
		if !ok {
			return
		}
		state := types.HostSystemConnectionState(r.URL.Query().Get("state"))
		simulator.Map.WithLock(host, func() {
			simulator.Map.Update(host, []types.PropertyChange{
				{Name: "runtime.connectionState", Val: state},
				{Name: "summary.runtime.connectionState", Val: state},
			})
		})
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go http.Serve(l, mux)
	return "http://" + l.Addr().String()
}

func findHost(w http.ResponseWriter, r *http.Request) (*simulator.HostSystem, bool) {
	ref := types.ManagedObjectReference{Type: "HostSystem", Value: r.URL.Query().Get("host")}
	host, ok := simulator.Map.Get(ref).(*simulator.HostSystem)
	if !ok {
		http.Error(w, "no host "+ref.Value, http.StatusNotFound)
	}
	return host, ok
}

func sha1Sum(b []byte) []byte   { s := sha1.Sum(b); return s[:] }
func sha256Sum(b []byte) []byte { s := sha256.Sum256(b); return s[:] }

func colonHex(b []byte) string {
	parts := make([]string, len(b))
	for i, x := range b {
		parts[i] = fmt.Sprintf("%02X", x)
	}
	return strings.Join(parts, ":")
}
