@NullMarked
package org.p2psip.benchmarks;

import org.jspecify.annotations.NullMarked;
