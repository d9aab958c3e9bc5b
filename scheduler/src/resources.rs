//! What a task asks of an agent: its `TaskConfig.resources` added up.

use aurora_api::{Resource, TaskConfig};

/// CPUs, memory, disk, GPUs and named ports, as a task reserves them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceBag {
    pub cpus: f64,
    pub ram_mb: i64,
    pub disk_mb: i64,
    pub gpus: i64,
    /// The names of the ports the task needs assigned, sorted.
    pub ports: Vec<String>,
}

impl ResourceBag {
    /// A task's reservation.
    pub fn of(config: &TaskConfig) -> ResourceBag {
        let mut bag = ResourceBag::default();
        for resource in config.resources.iter().flatten() {
            match resource {
                Resource::NumCpus(cpus) => bag.cpus += cpus.0,
                Resource::RamMb(ram) => bag.ram_mb += ram,
                Resource::DiskMb(disk) => bag.disk_mb += disk,
                Resource::NumGpus(gpus) => bag.gpus += gpus,
                Resource::NamedPort(name) => bag.ports.push(name.clone()),
            }
        }
        bag.ports.sort();
        bag.ports.dedup();
        bag
    }

    /// Whether `self` fits in `free` (ports are counted, not matched).
    pub fn fits_in(&self, free: &ResourceBag, free_ports: usize) -> bool {
        // Offers and reservations are compared as Mesos does, with a little slack for the
        // rounding of fractional CPUs.
        self.cpus <= free.cpus + 1e-9
            && self.ram_mb <= free.ram_mb
            && self.disk_mb <= free.disk_mb
            && self.gpus <= free.gpus
            && self.ports.len() <= free_ports
    }

    pub fn add(&mut self, other: &ResourceBag) {
        self.cpus += other.cpus;
        self.ram_mb += other.ram_mb;
        self.disk_mb += other.disk_mb;
        self.gpus += other.gpus;
    }

    pub fn subtract(&mut self, other: &ResourceBag) {
        self.cpus -= other.cpus;
        self.ram_mb -= other.ram_mb;
        self.disk_mb -= other.disk_mb;
        self.gpus -= other.gpus;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aurora_api::OrderedFloat;

    #[test]
    fn a_tasks_resources_add_up() {
        let config = TaskConfig {
            resources: Some(
                [
                    Resource::NumCpus(OrderedFloat(0.5)),
                    Resource::RamMb(128),
                    Resource::DiskMb(256),
                    Resource::NamedPort("http".into()),
                    Resource::NamedPort("health".into()),
                ]
                .into(),
            ),
            ..TaskConfig::default()
        };
        let bag = ResourceBag::of(&config);
        assert_eq!(
            bag,
            ResourceBag {
                cpus: 0.5,
                ram_mb: 128,
                disk_mb: 256,
                gpus: 0,
                ports: vec!["health".into(), "http".into()],
            }
        );
        let free = ResourceBag {
            cpus: 0.5,
            ram_mb: 128,
            disk_mb: 256,
            ..ResourceBag::default()
        };
        assert!(bag.fits_in(&free, 2));
        assert!(!bag.fits_in(&free, 1));
        let mut less = free.clone();
        less.subtract(&ResourceBag {
            ram_mb: 1,
            ..ResourceBag::default()
        });
        assert!(!bag.fits_in(&less, 2));
    }
}
